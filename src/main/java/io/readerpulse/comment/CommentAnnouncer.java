package io.readerpulse.comment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.readerpulse.live.CommentFeed;
import io.readerpulse.live.StatsHub;

import org.springframework.stereotype.Component;

/**
 * Tells a story's open pages, after a commit, that its comments changed: the comment events follow, and the
 * published count in its stats is re-read once for all readers.
 */
@Component
final class CommentAnnouncer {

	private static final Logger logger = LoggerFactory.getLogger(CommentAnnouncer.class);

	private final CommentFeed feed;

	private final StatsHub hub;

	CommentAnnouncer(CommentFeed feed, StatsHub hub) {
		this.feed = feed;
		this.hub = hub;
	}

	Mono<Void> changed(long articleId) {
		this.feed.changed(articleId);
		// The change is committed; stale live stats are no reason to fail the request.
		return this.hub.refresh(articleId).onErrorResume((ex) -> {
			logger.debug("Refreshing live stats failed: {}", ex.getMessage());
			return Mono.empty();
		});
	}

}
