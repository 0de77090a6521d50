package io.readerpulse.view;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How views are counted ({@code pulse.views.*}).
 *
 * @param flushInterval how often buffered views are written to PostgreSQL; also the most a crash can lose
 * @param flushTimeout how long one write may take before it is given up and its views kept for the next
 * @param dedupeWindow how long a visitor's view of one story counts once
 * @param dedupeMaxEntries about the most (story, visitor) pairs remembered for the window (at most a third
 * more); beyond it the oldest are forgotten early (and may be counted again)
 * @param visitorsPerAddress the most new visitors of one story that count from one client address per dedupe
 * window ({@code PULSE_VISITORS_PER_ADDRESS}); 0 for no limit
 * @param maxPendingVisitors the most new-visitor fingerprints buffered while PostgreSQL is unreachable;
 * beyond it views are still counted but unique visitors are not; also the most kept for later flushes when
 * new visitors arrive faster than they are written
 * @param maxVisitorsPerFlush the most new-visitor fingerprints one flush writes; the rest go with the next
 * flushes, written back to back, so that each commits within the statement timeout
 * @param mode {@code batched} in production; {@code naive} writes one UPDATE per view and exists only as
 * the benchmark's baseline
 */
@ConfigurationProperties("pulse.views")
public record ViewProperties(@DefaultValue("1s") Duration flushInterval, @DefaultValue("30s") Duration flushTimeout,
		@DefaultValue("30m") Duration dedupeWindow,
		@DefaultValue("1000000") long dedupeMaxEntries, @DefaultValue("300") int visitorsPerAddress,
		@DefaultValue("1000000") int maxPendingVisitors, @DefaultValue("20000") int maxVisitorsPerFlush,
		@DefaultValue("batched") Mode mode) {

	/** How accepted views reach the database. */
	public enum Mode {

		/** In-memory aggregates, written in one statement per flush. */
		BATCHED,

		/** One UPDATE per view: the baseline the benchmark compares against. Never use it in production. */
		NAIVE

	}

}
