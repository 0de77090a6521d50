package io.readerpulse.live;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reader on its way to a story's topic (see {@link TopicMap#arrive}): settled once, by joining or by
 * being abandoned, whichever comes first. Held by its stream while it is open, so it is one small object.
 */
final class Arrival extends AtomicBoolean {

	final long articleId;

	final StatsTopic topic;

	Arrival(long articleId, StatsTopic topic) {
		this.articleId = articleId;
		this.topic = topic;
	}

	/**
	 * @return {@code true} the first time only
	 */
	boolean settle() {
		return compareAndSet(false, true);
	}

}
