package io.readerpulse.live;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.ByteBuf;

/**
 * One story's comment readers on this instance and the last event handed to them.
 */
final class StoryFeed {

	private final Set<EventStream> readers = ConcurrentHashMap.newKeySet();

	private long delivered;

	private boolean closed;

	StoryFeed(long delivered) {
		this.delivered = delivered;
	}

	/**
	 * @return the last sequence number delivered, or -1 if the feed has closed (join a new one)
	 */
	synchronized long join(EventStream reader) {
		if (this.closed) {
			return -1;
		}
		this.readers.add(reader);
		return this.delivered;
	}

	/**
	 * @return whether the feed closed because its last reader left
	 */
	synchronized boolean leave(EventStream reader) {
		this.readers.remove(reader);
		if (this.readers.isEmpty()) {
			this.closed = true;
		}
		return this.closed;
	}

	synchronized long delivered() {
		return this.delivered;
	}

	/**
	 * Hands new events to every reader, each encoded once; a reader that is too far behind ends itself (see
	 * {@link EventStream}).
	 */
	synchronized void deliver(List<CommentEvent> events) {
		for (CommentEvent event : events) {
			if (event.seq() <= this.delivered) {
				continue;
			}
			this.delivered = event.seq();
			ByteBuf frame = Replays.frame(event);
			Deliveries.toAll(List.copyOf(this.readers), (reader) -> reader.comment(frame), frame::release);
		}
	}

	synchronized void close() {
		this.closed = true;
		List<EventStream> ending = List.copyOf(this.readers);
		this.readers.clear();
		Deliveries.toAll(ending, EventStream::end, () -> { });
	}

}
