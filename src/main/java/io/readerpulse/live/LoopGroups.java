package io.readerpulse.live;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.EventLoop;

/**
 * A story's streams, kept grouped by their event loop as they come and go, so that an event reaches them as
 * one task per loop at once (see {@link Deliveries}). Sorting them out per event instead cost the thread that
 * had the event (the one that committed a comment, ahead of every reader) about 2 ms per 5,000 streams: each
 * stream's loop is three objects away, none of them in the cache any more by the next comment. Safe for use
 * from any thread; a loop's task walks its group while streams join and leave.
 * <p>
 * A group is walked in the order its streams opened, not in the order of their hashes: an event then reached
 * the last of 10,000 streams after 89-90 ms rather than 100 ms (the median of 60 messages, two services of each
 * alternating; README, "Benchmarks"). The streams' sockets, at both ends, were made in that order too.
 */
final class LoopGroups {

	private static final AtomicLong OPENINGS = new AtomicLong();

	private static final Comparator<EventStream> OPENED = Comparator.comparingLong((stream) -> stream.opened);

	// At most one group per loop, kept once made: a story's streams come and go on the same few loops.
	private final Map<EventLoop, Set<EventStream>> groups = new ConcurrentHashMap<>(4);

	// Kept here: a skip list counts its entries by walking them.
	private final AtomicInteger size = new AtomicInteger();

	/**
	 * @return the next stream's place in the order streams open on this instance
	 */
	static long nextOpened() {
		return OPENINGS.incrementAndGet();
	}

	void add(EventStream stream) {
		if (this.groups.computeIfAbsent(stream.loop(), (loop) -> new ConcurrentSkipListSet<>(OPENED)).add(stream)) {
			this.size.incrementAndGet();
		}
	}

	void remove(EventStream stream) {
		Set<EventStream> group = this.groups.get(stream.loop());
		if (group != null && group.remove(stream)) {
			this.size.decrementAndGet();
		}
	}

	boolean isEmpty() {
		return this.size.get() == 0;
	}

	int size() {
		return this.size.get();
	}

	/**
	 * @return each loop with its streams, live: a group may gain or lose streams while it is walked
	 */
	Map<EventLoop, ? extends Collection<EventStream>> byLoop() {
		return this.groups;
	}

}
