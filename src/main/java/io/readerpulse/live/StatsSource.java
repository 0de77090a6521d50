package io.readerpulse.live;

import reactor.core.publisher.Mono;

/**
 * Where a story's stored stats come from when its first reader arrives; implemented by the feature that
 * stores them.
 */
public interface StatsSource {

	/**
	 * Reads the stored stats of one story.
	 * @param articleId the story
	 * @return its stats with {@code readingNow} zero, or empty if the story does not exist
	 */
	Mono<Stats> load(long articleId);

}
