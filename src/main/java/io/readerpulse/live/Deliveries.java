package io.readerpulse.live;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * Hands one event to many streams: a task per event loop writes it to that loop's streams, instead of a task
 * (and a wake-up) per stream. Each stream is touched only on its own loop, and events handed over with
 * {@link #toAll} reach each stream in the order they were handed over. Stats and heartbeats, whose order
 * against comments does not matter, go with {@link #yielding}: a task writes to at most {@value #BATCH}
 * streams and queues the rest behind whatever arrived meanwhile, so that a comment does not wait for a stats
 * tick to reach ten thousand streams first.
 * <p>
 * Each loop walks its group when its task runs, so a stream that joins between the hand-over and then may be
 * handed the event too: a caller that must not send it twice checks for that in its action.
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
	static void toAll(LoopGroups streams, Consumer<EventStream> action, Runnable done) {
		deliver(streams, action, done, Integer.MAX_VALUE);
	}

	/**
	 * As {@link #toAll}, in batches that let other tasks of the loop go first; events handed over this way
	 * may reach a stream before one handed over earlier.
	 * @param streams the streams
	 * @param action what to do with each
	 * @param done run once every loop has finished, or at once if there are no streams
	 */
	static void yielding(LoopGroups streams, Consumer<EventStream> action, Runnable done) {
		deliver(streams, action, done, BATCH);
	}

	private static void deliver(LoopGroups streams, Consumer<EventStream> action, Runnable done, int batch) {
		// Loops with streams only: the others are not woken.
		Map<EventLoop, Collection<EventStream>> busy = new IdentityHashMap<>(4);
		streams.byLoop().forEach((loop, group) -> {
			if (!group.isEmpty()) {
				busy.put(loop, group);
			}
		});
		if (busy.isEmpty()) {
			done.run();
			return;
		}
		AtomicInteger remaining = new AtomicInteger(busy.size());
		Runnable loopDone = () -> {
			if (remaining.decrementAndGet() == 0) {
				done.run();
			}
		};
		busy.forEach((loop, group) -> submit(loop, group, null, batch, action, loopDone));
	}

	private static void submit(EventLoop loop, Collection<EventStream> group, @Nullable Iterator<EventStream> from,
			int batch, Consumer<EventStream> action, Runnable loopDone) {
		try {
			loop.execute(() -> {
				Iterator<EventStream> streams = (from != null) ? from : group.iterator();
				try {
					for (int i = 0; i < batch && streams.hasNext(); i++) {
						action.accept(streams.next());
					}
				}
				finally {
					if (streams.hasNext()) {
						submit(loop, group, streams, batch, action, loopDone);
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
