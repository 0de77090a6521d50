package io.readerpulse.live;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One story's readers on this instance and its latest stats. Changes only mark it dirty; the ticker sends
 * the latest stats of dirty topics, so however many changes arrive a reader gets one event per tick, and
 * hands stats that waited for a full connection to it once it has room. What it shows is kept by its
 * {@link TopicCounts}.
 * <p>
 * A topic exists from the moment its first reader arrives, before the story's stats are read (see
 * {@link StatsTopics#arrive}), until its last reader leaves and nobody else is on the way.
 */
final class StatsTopic {

	private final LoopGroups readers = new LoopGroups();

	private final AtomicBoolean dirty = new AtomicBoolean();

	// Some reader's connection was full for the latest stats: they wait in its stream.
	private final AtomicBoolean behind = new AtomicBoolean();

	// Stats are being written to the readers.
	private final AtomicBoolean delivering = new AtomicBoolean();

	private final TopicCounts counts;

	// Ended (see #complete): no reader joins it any more.
	private volatile boolean over;

	// Readers on their way in (see StatsTopics#arrive), only touched under the topics map's lock for the story.
	private int arriving;

	// Readers of this story on the other instances, as they last told.
	private volatile long others;

	StatsTopic(long mark, long others) {
		this.counts = new TopicCounts(mark);
		this.others = others;
	}

	/**
	 * Counts a view not yet written. Called on event-loop threads for every view: an add, and a write of
	 * the dirty flag only if it is clean.
	 * @return this topic's mark, or {@code 0} if it did not count the view (its stats are still being read)
	 */
	long viewCounted() {
		long mark = this.counts.viewCounted();
		if (mark != 0 && !this.dirty.get()) {
			this.dirty.set(true);
		}
		return mark;
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

	/** The stats to show (written totals, this instance's views not yet written, readers now), or {@code null}. */
	@Nullable Stats current() {
		return this.counts.current(readers());
	}

	/** The written totals alone, without the views still to be written, or {@code null} until they are known. */
	@Nullable Stats written() {
		return this.counts.written();
	}

	/** See {@link TopicCounts#read}. */
	Mono<Stats> read(Supplier<Mono<Stats>> read) {
		return this.counts.read(read);
	}

	/** Takes the stats read for a joining reader (see {@link TopicCounts#seed}) and returns the stats to show. */
	Stats seed(Stats loaded) {
		this.counts.seed(loaded);
		this.dirty.set(true);
		// Seeded stats are never unknown.
		return Objects.requireNonNull(current());
	}

	/** See {@link TopicCounts#apply(StatsChange, LiveChanges.Announced)}. */
	void apply(@Nullable StatsChange change, LiveChanges.Announced announced) {
		if (this.counts.apply(change, announced)) {
			this.dirty.set(true);
		}
	}

	void apply(StatsChange change) {
		if (this.counts.apply(change)) {
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

	LoopGroups streams() {
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
