package io.readerpulse.live;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.FluxSink;

/**
 * One story's readers on this instance and its latest stats. Changes only mark it dirty; the ticker sends
 * the latest stats of dirty topics, so however many changes arrive a reader gets one event per tick.
 */
final class StatsTopic {

	private final Set<FluxSink<Stats>> readers = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean dirty = new AtomicBoolean();

	private TopicStats known = TopicStats.UNKNOWN;

	// Readers of this story on the other instances, as they last told.
	private volatile long others;

	StatsTopic(long others) {
		this.others = others;
	}

	void join(FluxSink<Stats> reader) {
		this.readers.add(reader);
		this.dirty.set(true);
	}

	/**
	 * @return whether no reader is left
	 */
	boolean leave(FluxSink<Stats> reader) {
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
	 * Sends the latest stats to every reader if they changed since the last time.
	 */
	void publishIfDirty() {
		if (this.dirty.getAndSet(false)) {
			Stats stats = current();
			if (stats != null) {
				this.readers.forEach((reader) -> reader.next(stats));
			}
		}
	}

	void complete() {
		this.readers.forEach(FluxSink::complete);
	}

}
