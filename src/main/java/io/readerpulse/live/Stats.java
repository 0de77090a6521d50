package io.readerpulse.live;

/**
 * An article's engagement, as readers, dashboards and apps see it.
 *
 * @param views counted page views
 * @param uniqueVisitors distinct visitors ever counted
 * @param comments published comments
 * @param reactions reactions by kind
 * @param readingNow readers with the article open right now, on every instance
 * @param trending where the article stands in the trending ranking
 */
public record Stats(long views, long uniqueVisitors, long comments, Reactions reactions, long readingNow,
		Trending trending) {

	/** The stats of an article nobody has engaged with yet. */
	public static final Stats NONE = new Stats(0, 0, 0, Reactions.NONE, 0, Trending.NONE);

	/**
	 * The same stats with other view counts.
	 * @param views counted page views
	 * @param uniqueVisitors distinct visitors ever counted
	 * @return the updated stats
	 */
	public Stats withCounts(long views, long uniqueVisitors) {
		return new Stats(views, uniqueVisitors, this.comments, this.reactions, this.readingNow, this.trending);
	}

	/**
	 * The same stats with another number of current readers.
	 * @param readingNow readers with the article open now
	 * @return the updated stats
	 */
	public Stats withReadingNow(long readingNow) {
		return new Stats(this.views, this.uniqueVisitors, this.comments, this.reactions, readingNow, this.trending);
	}

	/**
	 * The same stats with another number of published comments.
	 * @param comments published comments
	 * @return the updated stats
	 */
	public Stats withComments(long comments) {
		return new Stats(this.views, this.uniqueVisitors, comments, this.reactions, this.readingNow, this.trending);
	}

	/**
	 * The same stats with other reaction counts.
	 * @param reactions the new counts
	 * @return the updated stats
	 */
	public Stats withReactions(Reactions reactions) {
		return new Stats(this.views, this.uniqueVisitors, this.comments, reactions, this.readingNow, this.trending);
	}

	/**
	 * The same stats with other trending figures.
	 * @param trending the new figures
	 * @return the updated stats
	 */
	public Stats withTrending(Trending trending) {
		return new Stats(this.views, this.uniqueVisitors, this.comments, this.reactions, this.readingNow, trending);
	}

	/**
	 * Reaction counts by kind.
	 *
	 * @param like 👍
	 * @param love ❤️
	 * @param haha 😆
	 * @param wow 😮
	 * @param sad 😢
	 * @param angry 😠
	 */
	public record Reactions(long like, long love, long haha, long wow, long sad, long angry) {

		/** No reactions at all. */
		public static final Reactions NONE = new Reactions(0, 0, 0, 0, 0, 0);

	}

	/**
	 * An article's trending figures.
	 *
	 * @param score the current trending score (decayed engagement rate)
	 * @param velocity the recent rate relative to the article's own baseline
	 * @param viral whether the article is going viral right now
	 */
	public record Trending(double score, double velocity, boolean viral) {

		/** Not trending at all. */
		public static final Trending NONE = new Trending(0, 0, false);

	}

}
