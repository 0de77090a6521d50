package io.readerpulse.live;

/**
 * The one way in for changes that open streams must see. Writers call it after their change committed; it
 * alone decides which local topics hear of it and what the other instances are told.
 */
public interface LiveChanges {

	/**
	 * New view totals of a story that this instance counted.
	 * @param articleId the story
	 * @param views its counted views
	 * @param uniqueVisitors its distinct visitors
	 * @param trending its trending figures as of the write
	 */
	void viewsCounted(long articleId, long views, long uniqueVisitors, Stats.Trending trending);

	/**
	 * A story's comments changed: its comment events follow from the {@link CommentEventLog}.
	 * @param articleId the story
	 * @param seq its last comment event number
	 * @param comments its published comments as of that event
	 */
	void commentsChanged(long articleId, long seq, long comments);

	/**
	 * A story's new reaction counts.
	 * @param articleId the story
	 * @param reactions the counts
	 */
	void reactionsChanged(long articleId, Stats.Reactions reactions);

	/**
	 * A story's new trending figures (they change with time alone, and with its viral flag). Every instance
	 * evaluates them itself, so the other instances are not told.
	 * @param articleId the story
	 * @param trending the figures
	 */
	void trendingChanged(long articleId, Stats.Trending trending);

	/**
	 * A story is gone: its streams end.
	 * @param articleId the story
	 */
	void articleRemoved(long articleId);

}
