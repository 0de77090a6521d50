package io.readerpulse.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Sinks;

/**
 * One story's comment readers on this instance and the last event handed to them.
 */
final class StoryFeed {

	private final Set<Sinks.Many<CommentEvent>> readers = ConcurrentHashMap.newKeySet();

	private long delivered;

	private boolean closed;

	StoryFeed(long delivered) {
		this.delivered = delivered;
	}

	/**
	 * @return the last sequence number delivered, or -1 if the feed has closed (join a new one)
	 */
	synchronized long join(Sinks.Many<CommentEvent> reader) {
		if (this.closed) {
			return -1;
		}
		this.readers.add(reader);
		return this.delivered;
	}

	/**
	 * @return whether the feed closed because its last reader left
	 */
	synchronized boolean leave(Sinks.Many<CommentEvent> reader) {
		this.readers.remove(reader);
		if (this.readers.isEmpty()) {
			this.closed = true;
		}
		return this.closed;
	}

	synchronized long delivered() {
		return this.delivered;
	}

	synchronized void deliver(List<CommentEvent> events) {
		for (CommentEvent event : events) {
			if (event.seq() <= this.delivered) {
				continue;
			}
			this.delivered = event.seq();
			for (Sinks.Many<CommentEvent> reader : List.copyOf(this.readers)) {
				if (reader.tryEmitNext(event).isFailure()) {
					// Too far behind: end the stream; the reader resumes from its last event id.
					this.readers.remove(reader);
					reader.tryEmitError(new IllegalStateException("reader too slow for comment events"));
				}
			}
		}
	}

	synchronized void close() {
		this.closed = true;
		List<Sinks.Many<CommentEvent>> ending = new ArrayList<>(this.readers);
		this.readers.clear();
		ending.forEach(Sinks.Many::tryEmitComplete);
	}

}
