package io.readerpulse.live;

import java.util.List;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * One story's comment readers on this instance and the last event handed to them.
 */
final class StoryFeed {

	private final LoopGroups readers = new LoopGroups();

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
		// Set before it is among the readers: a delivery's loop task that finds it there skips what it has.
		reader.liveAfter = this.delivered;
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
	 * {@link EventStream}). The story's latest stats go along with the last event, in the same write.
	 * @param events events fetched or committed, in order; those already delivered are skipped
	 * @param stats the story's stats to send along, if it has any and they may go now
	 */
	synchronized void deliver(List<CommentEvent> events, Supplier<@Nullable AlongStats> stats) {
		List<CommentEvent> fresh = events.stream().filter((event) -> event.seq() > this.delivered).toList();
		for (int i = 0; i < fresh.size(); i++) {
			CommentEvent event = fresh.get(i);
			this.delivered = event.seq();
			ByteBuf frame = Replays.frame(event);
			long seq = event.seq();
			// Each loop walks its readers when its task runs: one that joined since then has this event in
			// its replay (it joined after this number was delivered) and is skipped.
			AlongStats along = (i == fresh.size() - 1) ? stats.get() : null;
			Stats alongStats = (along != null) ? along.stats() : null;
			ByteBuf withStats = (along != null) ? SseFrames.joined(frame, along.event()) : null;
			Deliveries.toAll(this.readers, (reader) -> {
				if (seq > reader.liveAfter) {
					reader.comment(frame, alongStats, withStats);
				}
			}, () -> {
				frame.release();
				if (along != null && withStats != null) {
					withStats.release();
					along.done().run();
				}
			});
		}
	}

	/**
	 * Hands an event to every reader if it is the next one, as {@link #deliver} does.
	 * @return whether the readers have it now or had it already; {@code false} if events before it are
	 * still to come (fetch them, with it)
	 */
	synchronized boolean deliverNext(CommentEvent event, Supplier<@Nullable AlongStats> stats) {
		if (event.seq() > this.delivered + 1) {
			return false;
		}
		deliver(List.of(event), stats);
		return true;
	}

	synchronized void close() {
		this.closed = true;
		// Readers that leave meanwhile are taken out as usual; no new one joins a closed feed.
		Deliveries.toAll(this.readers, EventStream::end, () -> { });
	}

}
