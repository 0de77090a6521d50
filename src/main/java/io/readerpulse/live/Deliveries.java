package io.readerpulse.live;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.netty.channel.EventLoop;

/**
 * Hands one event to many streams: a task per event loop writes it to that loop's streams, instead of a task
 * (and a wake-up) per stream. Each stream is touched only on its own loop, and events handed over with
 * {@link #toAll} reach each stream in the order they were handed over. Stats and heartbeats, whose order
 * against comments does not matter, go with {@link #yielding}: a task writes to at most {@value #BATCH}
 * streams and queues the rest behind whatever arrived meanwhile, so that a comment does not wait for a stats
 * tick to reach ten thousand streams first.
 */
final class Deliveries {

	static final int BATCH = 256;

	private Deliveries() {
	}

	/**
	 * Runs the action for every stream on the stream's event loop.
	 * @param streams the streams
	 * @param action what to do with each
	 * @param done run once every loop has finished (to release a shared event), or at once if there are no
	 * streams
	 */
	static void toAll(Iterable<EventStream> streams, Consumer<EventStream> action, Runnable done) {
		deliver(streams, action, done, Integer.MAX_VALUE);
	}

	/**
	 * As {@link #toAll}, in batches that let other tasks of the loop go first; events handed over this way
	 * may reach a stream before one handed over earlier.
	 * @param streams the streams
	 * @param action what to do with each
	 * @param done run once every loop has finished, or at once if there are no streams
	 */
	static void yielding(Iterable<EventStream> streams, Consumer<EventStream> action, Runnable done) {
		deliver(streams, action, done, BATCH);
	}

	private static void deliver(Iterable<EventStream> streams, Consumer<EventStream> action, Runnable done, int batch) {
		// Counted first, so that each loop's list is made once at its size: grown one stream at a time, the
		// lists of a story with ten thousand readers would copy themselves over again with every event.
		Map<EventLoop, int[]> counts = new IdentityHashMap<>();
		for (EventStream stream : streams) {
			counts.computeIfAbsent(stream.loop(), (loop) -> new int[1])[0]++;
		}
		Map<EventLoop, List<EventStream>> byLoop = new IdentityHashMap<>(counts.size());
		counts.forEach((loop, count) -> byLoop.put(loop, new ArrayList<>(count[0])));
		for (EventStream stream : streams) {
			// A stream that joined since the count still goes: its list grows, or is made.
			byLoop.computeIfAbsent(stream.loop(), (loop) -> new ArrayList<>()).add(stream);
		}
		if (byLoop.isEmpty()) {
			done.run();
			return;
		}
		AtomicInteger remaining = new AtomicInteger(byLoop.size());
		Runnable loopDone = () -> {
			if (remaining.decrementAndGet() == 0) {
				done.run();
			}
		};
		byLoop.forEach((loop, group) -> submit(loop, group, 0, batch, action, loopDone));
	}

	private static void submit(EventLoop loop, List<EventStream> group, int from, int batch,
			Consumer<EventStream> action, Runnable loopDone) {
		try {
			loop.execute(() -> {
				int to = (int) Math.min(group.size(), (long) from + batch);
				try {
					for (int i = from; i < to; i++) {
						action.accept(group.get(i));
					}
				}
				finally {
					if (to < group.size()) {
						submit(loop, group, to, batch, action, loopDone);
					}
					else {
						loopDone.run();
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// The loop has shut down, and its connections with it.
			loopDone.run();
		}
	}

}
