package io.readerpulse.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One story's readers on this instance and its latest stats. Changes only mark it dirty; the ticker sends
 * the latest stats of dirty topics, so however many changes arrive a reader gets one event per tick, and
 * hands stats that waited for a full connection to it once it has room.
 * <p>
 * Its {@code views} are the latest written total plus the views this instance counted since it was created
 * and has not yet seen in a written total: a reader sees a view at the next tick, however long its write
 * takes. Each write's totals come with how many of those views they include (see
 * {@link LiveChanges.Announced}), counted under this topic's {@link #mark}, so none is shown twice; and the
 * figure shown never goes down, even for the moment between a write and its totals.
 * <p>
 * A topic exists from the moment its first reader arrives, before the story's stats are read: changes that
 * come while they are read are kept and applied on top of them, so a write that the read just missed is not
 * lost until the story's next one. Until then it counts no views of its own: the read may already hold
 * them, written, and would show them twice.
 */
final class StatsTopic {

	private final Set<EventStream> readers = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean dirty = new AtomicBoolean();

	// Some reader's connection was full for the latest stats: they wait in its stream.
	private final AtomicBoolean behind = new AtomicBoolean();

	// Stats are being written to the readers.
	private final AtomicBoolean delivering = new AtomicBoolean();

	// Views announced under this topic's mark that no written total it has applied includes yet.
	private final LongAdder unconfirmed = new LongAdder();

	// Tells this topic's announced views from those of an earlier topic of the story, gone since.
	private final long mark;

	private TopicStats known = TopicStats.UNKNOWN;

	// Changes that came before the stats were read, in order; null once they were.
	private @Nullable List<StatsChange> early = new ArrayList<>(2);

	private volatile boolean seeded;

	// Ended (see #complete): no reader joins it any more.
	private volatile boolean over;

	// This topic's read of the stats while it runs, shared by the readers arriving meanwhile.
	private @Nullable Mono<Stats> reading;

	// Readers on their way in (see StatsTopics#arrive), only touched under the topics map's lock for the story.
	private int arriving;

	// The views last shown, so that a total arriving later than its confirmation cannot lower the figure.
	private long shown;

	// Readers of this story on the other instances, as they last told.
	private volatile long others;

	StatsTopic(long mark, long others) {
		this.mark = mark;
		this.others = others;
	}

	/**
	 * Counts a view not yet written. Called on event-loop threads for every view: an add, and a write of
	 * the dirty flag only if it is clean.
	 * @return this topic's mark, or {@code 0} if it did not count the view (its stats are still being read)
	 */
	long viewCounted() {
		if (!this.seeded) {
			return 0;
		}
		this.unconfirmed.increment();
		if (!this.dirty.get()) {
			this.dirty.set(true);
		}
		return this.mark;
	}

	void join(EventStream reader) {
		this.readers.add(reader);
		this.dirty.set(true);
	}

	void leave(EventStream reader) {
		this.readers.remove(reader);
		this.dirty.set(true);
	}

	void arriving(int change) {
		this.arriving += change;
	}

	/**
	 * @return whether no reader is here or on its way
	 */
	boolean idle() {
		return this.readers.isEmpty() && this.arriving <= 0;
	}

	long localReaders() {
		return this.readers.size();
	}

	long readers() {
		return this.readers.size() + this.others;
	}

	void othersChanged(long others) {
		if (this.others != others) {
			this.others = others;
			this.dirty.set(true);
		}
	}

	/**
	 * The stats to show: written totals, this instance's views not yet written, readers now.
	 * @return the stats, or {@code null} until they are known
	 */
	synchronized @Nullable Stats current() {
		Stats stats = this.known.stats();
		if (stats == null) {
			return null;
		}
		this.shown = Math.max(this.shown, stats.views() + Math.max(0, this.unconfirmed.sum()));
		return stats.withCounts(this.shown, stats.uniqueVisitors()).withReadingNow(readers());
	}

	/**
	 * The written totals alone, for seeding a topic: without the views still to be written, which a topic
	 * counts by itself.
	 * @return the stats, or {@code null} until they are known
	 */
	synchronized @Nullable Stats written() {
		return this.known.stats();
	}

	/**
	 * The story's stats as this topic reads them: one read at a time, shared by the readers who arrive while
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
	 * @return the stats to show
	 */
	synchronized Stats seed(Stats loaded) {
		List<StatsChange> early = this.early;
		if (early != null) {
			this.known = this.known.seeded(loaded);
			this.early = null;
			this.seeded = true;
			early.forEach(this::apply);
		}
		else {
			apply(new StatsChange.Viewed(loaded.views(), loaded.uniqueVisitors()));
		}
		// Seeded stats are never unknown.
		return Objects.requireNonNull(current());
	}

	/**
	 * Applies a write's totals and stops counting the views they include, in one step: a tick in between
	 * would show those views twice.
	 * @param change the totals, or {@code null} if the write read back none
	 * @param announced the views of the write that were announced
	 */
	synchronized void apply(@Nullable StatsChange change, LiveChanges.Announced announced) {
		if (announced.mark() == this.mark) {
			this.unconfirmed.add(-announced.views());
		}
		if (change != null) {
			apply(change);
		}
	}

	synchronized void apply(StatsChange change) {
		if (this.early != null) {
			this.early.add(change);
			return;
		}
		TopicStats next = change.applyTo(this.known);
		if (next != this.known) {
			this.known = next;
			this.dirty.set(true);
		}
	}

	/**
	 * Sends the latest stats to every reader if they changed since the last time: encoded once, the same
	 * bytes for all.
	 * @param encode makes the event
	 * @param skipped told of every reader that was skipped, its connection still full
	 */
	void publishIfDirty(Function<Stats, ByteBuf> encode, Runnable skipped) {
		// One delivery at a time: a tick that finds the last one still being written waits for the next, so
		// no reader gets older stats after newer ones.
		if (!this.delivering.compareAndSet(false, true)) {
			return;
		}
		if (this.dirty.getAndSet(false)) {
			Stats stats = current();
			if (stats != null && !this.readers.isEmpty()) {
				ByteBuf event = encode.apply(stats);
				Deliveries.yielding(this.readers, (reader) -> {
					if (!reader.stats(stats, event)) {
						skipped.run();
						this.behind.set(true);
					}
				}, () -> {
					event.release();
					this.delivering.set(false);
				});
				return;
			}
		}
		else if (this.behind.getAndSet(false)) {
			Deliveries.yielding(this.readers, (reader) -> {
				if (reader.catchUp()) {
					this.behind.set(true);
				}
			}, () -> this.delivering.set(false));
			return;
		}
		this.delivering.set(false);
	}

	/**
	 * Takes the topic's delivery for the latest stats to go out with a comment event, in the same write to
	 * each reader: a comment changes the story's count, and the tick's own delivery of that count would be a
	 * second write to every reader within the second. Readers who get them are up to date, so the tick that
	 * follows writes them nothing.
	 * @param encode makes the event
	 * @return the stats to send along, or {@code null} if a tick's stats are still being written (the comment
	 * then goes alone and its count with the next tick) or the stats are not known yet
	 */
	@Nullable AlongStats along(Function<Stats, ByteBuf> encode) {
		if (!this.delivering.compareAndSet(false, true)) {
			return null;
		}
		Stats stats = current();
		if (stats == null) {
			this.delivering.set(false);
			return null;
		}
		ByteBuf event = encode.apply(stats);
		return new AlongStats(stats, event, () -> {
			event.release();
			this.delivering.set(false);
		});
	}

	boolean over() {
		return this.over;
	}

	Iterable<EventStream> streams() {
		return this.readers;
	}

	/**
	 * Ends every reader: the story is gone, or this instance stops. Readers still arriving are turned away.
	 */
	void complete() {
		this.over = true;
		Deliveries.toAll(this.readers, EventStream::end, () -> { });
	}

}
