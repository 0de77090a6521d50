package io.readerpulse.live;

import java.util.function.Consumer;

import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Latest-value delivery for live figures: a subscriber holds at most one undelivered value and a newer one
 * replaces it, so a reader whose connection is slow gets the latest figures when it catches up and its
 * memory never grows. A value equal to the previous one is not sent again.
 */
public final class LatestValue {

	private LatestValue() {
	}

	/**
	 * A stream of latest values that a producer pushes into.
	 * @param producer registers the sink it pushes into (and its clean-up, with {@code onDispose})
	 * @param dropped told of every value that a newer one replaced before delivery
	 * @param <T> the value type
	 * @return the values
	 */
	public static <T> Flux<T> of(Consumer<FluxSink<T>> producer, Runnable dropped) {
		// The sink's own buffer never fills: the overflow buffer below requests without bound.
		return Flux.create(producer)
			.distinctUntilChanged()
			.onBackpressureBuffer(1, (replaced) -> dropped.run(), BufferOverflowStrategy.DROP_OLDEST);
	}

}
