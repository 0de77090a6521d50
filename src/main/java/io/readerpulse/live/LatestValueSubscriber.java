package io.readerpulse.live;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.FluxSink;

/**
 * One stream's delivery slot: holds at most one undelivered value, and a newer value replaces it. A reader
 * whose connection is slow therefore gets the latest stats when it catches up, and its memory never grows.
 *
 * @param <T> the value type
 */
final class LatestValueSubscriber<T> {

	private final FluxSink<T> sink;

	private final AtomicReference<@Nullable T> pending = new AtomicReference<>();

	private final AtomicInteger work = new AtomicInteger();

	private @Nullable T lastOffered;

	LatestValueSubscriber(FluxSink<T> sink) {
		this.sink = sink;
	}

	/**
	 * Offers a value for delivery; a value equal to the one offered last is not sent again.
	 * @return {@code true} if it replaced an undelivered one
	 */
	synchronized boolean offer(T value) {
		if (value.equals(this.lastOffered)) {
			return false;
		}
		this.lastOffered = value;
		boolean replaced = this.pending.getAndSet(value) != null;
		drain();
		return replaced;
	}

	void drain() {
		if (this.work.getAndIncrement() != 0) {
			return;
		}
		do {
			if (this.sink.requestedFromDownstream() > 0) {
				T value = this.pending.getAndSet(null);
				if (value != null) {
					this.sink.next(value);
				}
			}
		}
		while (this.work.decrementAndGet() != 0);
	}

	void complete() {
		this.sink.complete();
	}

}
