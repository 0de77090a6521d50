package io.readerpulse.live;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The stored, numbered comment events of each story, which live streams deliver and replay; implemented by
 * the feature that writes them.
 */
public interface CommentEventLog {

	/**
	 * The story's comment events after one sequence number, up to another, in order.
	 * @param articleId the story
	 * @param after the last sequence number already seen
	 * @param upTo the last sequence number wanted, or {@code Long.MAX_VALUE}
	 * @return the events
	 */
	Flux<CommentEvent> events(long articleId, long after, long upTo);

	/**
	 * The story's last comment event sequence number.
	 * @param articleId the story
	 * @return the number, 0 before the first event; empty if the story does not exist
	 */
	Mono<Long> lastEvent(long articleId);

}
