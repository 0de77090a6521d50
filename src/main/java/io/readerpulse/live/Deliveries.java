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
 * Hands one event to many streams: one task per event loop, which writes it to every stream of that loop,
 * instead of a task (and a wake-up) per stream. Each stream is touched only on its own loop.
 */
final class Deliveries {

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
		Map<EventLoop, List<EventStream>> byLoop = new IdentityHashMap<>();
		for (EventStream stream : streams) {
			byLoop.computeIfAbsent(stream.loop(), (loop) -> new ArrayList<>()).add(stream);
		}
		if (byLoop.isEmpty()) {
			done.run();
			return;
		}
		AtomicInteger remaining = new AtomicInteger(byLoop.size());
		Runnable oneDone = () -> {
			if (remaining.decrementAndGet() == 0) {
				done.run();
			}
		};
		byLoop.forEach((loop, group) -> {
			try {
				loop.execute(() -> {
					try {
						group.forEach(action);
					}
					finally {
						oneDone.run();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// The loop has shut down, and its connections with it.
				oneDone.run();
			}
		});
	}

}
