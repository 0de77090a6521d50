package io.readerpulse.live;

import java.util.ArrayDeque;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * The live comment events that arrive while a stream's replay is being sent, in order: they follow the
 * replay. Nothing is allocated for a stream that never holds one.
 */
final class HeldEvents {

	private @Nullable ArrayDeque<ByteBuf> events;

	/**
	 * @param event a shared event, retained here until it is handed over
	 */
	void add(ByteBuf event) {
		if (this.events == null) {
			this.events = new ArrayDeque<>();
		}
		this.events.add(event.retainedDuplicate());
	}

	/**
	 * Hands every held event over, in order, and lets it go.
	 * @param each what to do with each, before it is released
	 */
	void drain(Consumer<ByteBuf> each) {
		ArrayDeque<ByteBuf> waiting = this.events;
		this.events = null;
		if (waiting == null) {
			return;
		}
		for (ByteBuf event = waiting.poll(); event != null; event = waiting.poll()) {
			try {
				each.accept(event);
			}
			finally {
				event.release();
			}
		}
	}

}
