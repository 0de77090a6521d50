package io.readerpulse.live;

/**
 * Engaged readers of a story right now, on every instance.
 */
public interface LiveEngagement {

	/**
	 * Visitors who pinged the story within the last 30 seconds, here and on the other instances (as last
	 * told, at most a few seconds ago). A visitor whose pings reached two instances counts on each.
	 * @param articleId the story
	 * @return engaged readers now
	 */
	long engagedNow(long articleId);

}
