package io.readerpulse.live;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * One story's readers on this instance and its latest stats. Changes only mark it dirty; the ticker sends
 * the latest stats of dirty topics, so however many changes arrive a reader gets one event per tick, and
 * hands stats that waited for a full connection to it once it has room.
 */
final class StatsTopic {

	private final Set<EventStream> readers = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean dirty = new AtomicBoolean();

	// Some reader's connection was full for the latest stats: they wait in its stream.
	private final AtomicBoolean behind = new AtomicBoolean();

	private TopicStats known = TopicStats.UNKNOWN;

	// Readers of this story on the other instances, as they last told.
	private volatile long others;

	StatsTopic(long others) {
		this.others = others;
	}

	void join(EventStream reader) {
		this.readers.add(reader);
		this.dirty.set(true);
	}

	/**
	 * @return whether no reader is left
	 */
	boolean leave(EventStream reader) {
		this.readers.remove(reader);
		this.dirty.set(true);
		return this.readers.isEmpty();
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

	synchronized @Nullable Stats current() {
		Stats stats = this.known.stats();
		return (stats != null) ? stats.withReadingNow(readers()) : null;
	}

	synchronized Stats seed(Stats loaded) {
		this.known = this.known.seeded(loaded);
		// Seeded stats are never unknown.
		return Objects.requireNonNull(current());
	}

	synchronized void apply(StatsChange change) {
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
		if (this.dirty.getAndSet(false)) {
			Stats stats = current();
			if (stats != null && !this.readers.isEmpty()) {
				ByteBuf event = encode.apply(stats);
				Deliveries.toAll(this.readers, (reader) -> {
					if (!reader.stats(stats, event)) {
						skipped.run();
						this.behind.set(true);
					}
				}, event::release);
			}
		}
		else if (this.behind.getAndSet(false)) {
			Deliveries.toAll(this.readers, (reader) -> {
				if (reader.catchUp()) {
					this.behind.set(true);
				}
			}, () -> { });
		}
	}

	Iterable<EventStream> streams() {
		return this.readers;
	}

	void complete() {
		Deliveries.toAll(this.readers, EventStream::end, () -> { });
	}

}
