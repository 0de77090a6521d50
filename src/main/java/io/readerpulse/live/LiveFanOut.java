package io.readerpulse.live;

import org.springframework.stereotype.Component;

/**
 * Hands each change to the local topics and comment feed, and tells the other instances what they cannot
 * learn by themselves.
 */
@Component
final class LiveFanOut implements LiveChanges {

	private final StatsTopics topics;

	private final CommentFeed feed;

	private final ClusterOutbox outbox;

	private final ReaderExchange readers;

	LiveFanOut(StatsTopics topics, CommentFeed feed, ClusterOutbox outbox, ReaderExchange readers) {
		this.topics = topics;
		this.feed = feed;
		this.outbox = outbox;
		this.readers = readers;
	}

	@Override
	public long viewCounted(long articleId) {
		// Other instances hear of the view only with its written total: each adds only its own views on top.
		return this.topics.viewCounted(articleId);
	}

	@Override
	public void viewsCounted(long articleId, long views, long uniqueVisitors, Stats.Trending trending,
			Announced announced) {
		this.topics.update(articleId, new StatsChange.Counted(views, uniqueVisitors, trending), announced);
		// Instances whose readers have the story open need the totals; the others' own flushes tell them.
		if (this.readers.readElsewhere(articleId)) {
			this.outbox.send(articleId, new ClusterNotice.ViewsChanged(articleId, views, uniqueVisitors));
		}
	}

	@Override
	public void viewsWritten(long articleId, Announced announced) {
		this.topics.update(articleId, null, announced);
	}

	@Override
	public void commentsChanged(long articleId, long seq, long comments) {
		// The count first: the feed's delivery of the events takes the topic's latest stats along.
		this.topics.update(articleId, new StatsChange.Commented(seq, comments));
		this.feed.changed(articleId);
		this.outbox.send(articleId, new ClusterNotice.CommentsChanged(articleId, seq, comments));
	}

	@Override
	public void commentPublished(long articleId, CommentEvent event, long comments) {
		this.topics.update(articleId, new StatsChange.Commented(event.seq(), comments));
		this.feed.committed(articleId, event);
		this.outbox.send(articleId, new ClusterNotice.CommentsChanged(articleId, event.seq(), comments));
	}

	@Override
	public void reactionsChanged(long articleId, Stats.Reactions reactions) {
		this.topics.update(articleId, new StatsChange.Reacted(reactions));
		this.outbox.send(articleId, new ClusterNotice.ReactionsChanged(articleId, reactions));
	}

	@Override
	public void trendingChanged(long articleId, Stats.Trending trending) {
		this.topics.update(articleId, new StatsChange.Trended(trending));
	}

	@Override
	public void articleRemoved(long articleId) {
		this.topics.removed(articleId);
		this.feed.removed(articleId);
	}

}
