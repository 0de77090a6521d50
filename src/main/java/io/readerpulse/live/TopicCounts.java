package io.readerpulse.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What a {@link StatsTopic} shows of its story: the stats it read and the changes since, and the views this
 * instance counted that no written total includes yet.
 * <p>
 * Its {@code views} are the latest written total plus the views this instance counted since the topic was
 * created and has not yet seen in a written total: a reader sees a view at the next tick, however long its
 * write takes. Each write's totals come with how many of those views they include (see
 * {@link LiveChanges.Announced}), counted under this topic's mark, so none is shown twice; and the figure
 * shown never goes down, even for the moment between a write and its totals.
 * <p>
 * Changes that come while the stats are first read are kept and applied on top of them, so a write that
 * the read just missed is not lost until the story's next one. Until then it counts no views of its own:
 * the read may already hold them, written, and would show them twice.
 */
final class TopicCounts {

	// Views announced under this topic's mark that no written total it has applied includes yet.
	private final LongAdder unconfirmed = new LongAdder();

	// Tells this topic's announced views from those of an earlier topic of the story, gone since.
	private final long mark;

	private TopicStats known = TopicStats.UNKNOWN;

	// Changes that came before the stats were read, in order; null once they were (read unlocked for every view).
	private volatile @Nullable List<StatsChange> early = new ArrayList<>(2);

	// The topic's read of the stats while it runs, shared by the readers arriving meanwhile.
	private @Nullable Mono<Stats> reading;

	// The views last shown, so that a total arriving later than its confirmation cannot lower the figure.
	private long shown;

	// The stats last made to show (see #current).
	private @Nullable Stats last;

	TopicCounts(long mark) {
		this.mark = mark;
	}

	/**
	 * Counts a view not yet written; called on event-loop threads for every view.
	 * @return the topic's mark, or {@code 0} if it did not count the view (its stats are still being read)
	 */
	long viewCounted() {
		if (this.early != null) {
			return 0;
		}
		this.unconfirmed.increment();
		return this.mark;
	}

	/**
	 * The stats to show, as the same object as last time while they are equal: a stream tells whether it has
	 * them by identity (see {@link EventStream#stats}). A record's comparison for each stream and event cost
	 * the fan-out time, and it was compiled late, when stats first differed in a new way: the compiled fan-out
	 * was thrown away at that moment, in the middle of a comment's way to its readers (see the README).
	 * @param readingNow the readers now
	 * @return the stats to show, or {@code null} until they are known
	 */
	synchronized @Nullable Stats current(long readingNow) {
		Stats stats = this.known.stats();
		if (stats == null) {
			return null;
		}
		this.shown = Math.max(this.shown, stats.views() + Math.max(0, this.unconfirmed.sum()));
		Stats current = stats.withCounts(this.shown, stats.uniqueVisitors()).withReadingNow(readingNow);
		Stats last = this.last;
		if (current.equals(last)) {
			return last;
		}
		this.last = current;
		return current;
	}

	synchronized @Nullable Stats written() {
		return this.known.stats();
	}

	/**
	 * The story's stats as the topic reads them: one read at a time, shared by the readers who arrive while
	 * it runs.
	 * @param read starts a read
	 * @return the stats
	 */
	synchronized Mono<Stats> read(Supplier<Mono<Stats>> read) {
		Mono<Stats> running = this.reading;
		if (running == null) {
			running = read.get().doFinally((signal) -> readDone()).cache();
			this.reading = running;
		}
		return running;
	}

	private synchronized void readDone() {
		this.reading = null;
	}

	/**
	 * Takes the stats read for a joining reader. The first read is laid under the changes that came while it
	 * ran; a later one only adds view totals, since the topic has heard every change from before it began.
	 * @param loaded the stats read
	 */
	synchronized void seed(Stats loaded) {
		List<StatsChange> early = this.early;
		if (early != null) {
			this.known = this.known.seeded(loaded);
			this.early = null;
			early.forEach(this::apply);
		}
		else {
			apply(new StatsChange.Viewed(loaded.views(), loaded.uniqueVisitors()));
		}
	}

	/**
	 * Applies a write's totals and stops counting the views they include, in one step: a tick in between
	 * would show those views twice.
	 * @param change the totals, or {@code null} if the write read back none
	 * @param announced the views of the write that were announced
	 * @return whether the stats changed
	 */
	synchronized boolean apply(@Nullable StatsChange change, LiveChanges.Announced announced) {
		if (announced.mark() == this.mark) {
			this.unconfirmed.add(-announced.views());
		}
		return change != null && apply(change);
	}

	/**
	 * @return whether the stats changed
	 */
	synchronized boolean apply(StatsChange change) {
		List<StatsChange> early = this.early;
		if (early != null) {
			early.add(change);
			return false;
		}
		TopicStats next = change.applyTo(this.known);
		if (next == this.known) {
			return false;
		}
		this.known = next;
		return true;
	}

}
