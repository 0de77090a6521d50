package io.readerpulse.live;

/**
 * The one way in for changes that open streams must see. Writers call it after their change committed; it
 * alone decides which local topics hear of it and what the other instances are told.
 */
public interface LiveChanges {

	/**
	 * A view this instance counted and will write with a later flush. Open streams show it at once, long
	 * before its write commits; called for every counted view, so it costs no more than a lookup and an add,
	 * and nothing at all when nobody here has the story open.
	 * @param articleId the story
	 * @return the mark of the streams that were told, to hand back in {@link Announced} with the totals that
	 * include the view; {@code 0} if nobody here has the story open
	 */
	long viewCounted(long articleId);

	/**
	 * New view totals of a story that this instance counted.
	 * @param articleId the story
	 * @param views its counted views
	 * @param uniqueVisitors its distinct visitors
	 * @param trending its trending figures as of the write
	 * @param announced the views of this write that were announced by {@link #viewCounted}: the totals now
	 * include them, so the streams stop adding them on top
	 */
	void viewsCounted(long articleId, long views, long uniqueVisitors, Stats.Trending trending, Announced announced);

	/**
	 * Views announced by {@link #viewCounted} were written, but the write read back no totals (a retried
	 * write that had been committed before): the next totals of the story include them.
	 * @param articleId the story
	 * @param announced the views that were written
	 */
	void viewsWritten(long articleId, Announced announced);

	/**
	 * A story's comments changed: its comment events follow from the {@link CommentEventLog}.
	 * @param articleId the story
	 * @param seq its last comment event number
	 * @param comments its published comments as of that event
	 */
	void commentsChanged(long articleId, long seq, long comments);

	/**
	 * A comment was published and its event committed: the story's open streams get the event as it was
	 * stored, without reading it back, if it is the next they are due (else it follows from the
	 * {@link CommentEventLog}, as with {@link #commentsChanged}).
	 * @param articleId the story
	 * @param event the committed event
	 * @param comments the story's published comments as of that event
	 */
	void commentPublished(long articleId, CommentEvent event, long comments);

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

	/**
	 * How many views of one write were announced, one by one, to the streams of one mark.
	 *
	 * @param mark the mark {@link #viewCounted} returned for them
	 * @param views how many
	 */
	record Announced(long mark, long views) {

		/** No views announced. */
		public static final Announced NONE = new Announced(0, 0);

	}

}
