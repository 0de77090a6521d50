package io.readerpulse.comment;

import io.readerpulse.comment.CommentStore.Change;
import io.readerpulse.live.ClusterBridge;
import io.readerpulse.live.CommentFeed;
import io.readerpulse.live.StatsHub;

import org.springframework.stereotype.Component;

/**
 * Tells a story's open pages, on this instance and the others, after a commit, that its comments changed:
 * the comment events follow, and the published count that the write returned goes into their stats (no
 * extra read).
 */
@Component
final class CommentAnnouncer {

	private final CommentFeed feed;

	private final StatsHub hub;

	private final ClusterBridge cluster;

	CommentAnnouncer(CommentFeed feed, StatsHub hub, ClusterBridge cluster) {
		this.feed = feed;
		this.hub = hub;
		this.cluster = cluster;
	}

	void changed(Change change) {
		this.feed.changed(change.articleId());
		this.hub.commentsChanged(change.articleId(), change.seq(), change.comments());
		this.cluster.commentsChanged(change.articleId(), change.seq(), change.comments());
	}

}
