package io.readerpulse.live;

import java.util.Map;

/**
 * Engaged readers on this instance: distinct visitors who pinged a story within the last 30 seconds.
 * Implemented where pings are counted; the cluster sums every instance's (see {@link LiveEngagement}).
 */
public interface LocalEngagement {

	/**
	 * This instance's engaged readers of one story.
	 * @param articleId the story
	 * @return the readers
	 */
	long engagedNow(long articleId);

	/**
	 * This instance's engaged readers of every story that has any, forgetting those no longer engaged.
	 * @return readers by article id
	 */
	Map<Long, Long> engagedNow();

}
