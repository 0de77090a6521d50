package io.readerpulse.live;

import org.jspecify.annotations.Nullable;

/**
 * What a stats topic knows of its story: the stats ({@code null} until they were read or written), and the
 * comment event its comment count belongs to.
 *
 * @param stats the stats without {@code readingNow}, or {@code null}
 * @param commentSeq the comment event number of {@code stats.comments()}
 */
record TopicStats(@Nullable Stats stats, long commentSeq) {

	static final TopicStats UNKNOWN = new TopicStats(null, 0);

	/**
	 * Takes freshly read stats, unless the topic already knows newer counts (they only grow).
	 * @param loaded the stats as read from the database
	 * @return the new state
	 */
	TopicStats seeded(Stats loaded) {
		Stats known = this.stats;
		return with((known == null) ? loaded : loaded.withCounts(Math.max(known.views(), loaded.views()),
				Math.max(known.uniqueVisitors(), loaded.uniqueVisitors())));
	}

	TopicStats with(Stats next) {
		return next.equals(this.stats) ? this : new TopicStats(next, this.commentSeq);
	}

}
