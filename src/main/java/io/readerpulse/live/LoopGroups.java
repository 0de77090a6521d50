package io.readerpulse.live;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;

/**
 * A story's streams, kept grouped by their event loop as they come and go, so that an event reaches them as
 * one task per loop at once (see {@link Deliveries}). Sorting them out per event instead cost the thread that
 * had the event (the one that committed a comment, ahead of every reader) about 2 ms per 5,000 streams: each
 * stream's loop is three objects away, none of them in the cache any more by the next comment. Safe for use
 * from any thread; a loop's task walks its group while streams join and leave.
 */
final class LoopGroups {

	// At most one group per loop, kept once made: a story's streams come and go on the same few loops.
	private final Map<EventLoop, Set<EventStream>> groups = new ConcurrentHashMap<>(4);

	void add(EventStream stream) {
		this.groups.computeIfAbsent(stream.loop(), (loop) -> ConcurrentHashMap.newKeySet()).add(stream);
	}

	void remove(EventStream stream) {
		Set<EventStream> group = this.groups.get(stream.loop());
		if (group != null) {
			group.remove(stream);
		}
	}

	boolean isEmpty() {
		for (Set<EventStream> group : this.groups.values()) {
			if (!group.isEmpty()) {
				return false;
			}
		}
		return true;
	}

	int size() {
		int size = 0;
		for (Set<EventStream> group : this.groups.values()) {
			size += group.size();
		}
		return size;
	}

	/**
	 * @return each loop with its streams, live: a group may gain or lose streams while it is walked
	 */
	Map<EventLoop, ? extends Collection<EventStream>> byLoop() {
		return this.groups;
	}

}
