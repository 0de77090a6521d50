package io.readerpulse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * A clock that follows the system clock, shifted by however far a test has moved it forward, so that tests
 * of decay can let hours pass in an instant while everything else keeps running in real time.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

	private final @Nullable String refusal;

	/**
	 * A clock that its test may move.
	 */
	public MutableClock() {
		this(null);
	}

	private MutableClock(@Nullable String refusal) {
		this.refusal = refusal;
	}

	/**
	 * A clock that follows the system clock and refuses to move: the one that many tests share.
	 * @param refusal why, and what to do instead
	 * @return the clock
	 */
	public static MutableClock unmovable(String refusal) {
		return new MutableClock(refusal);
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 * @throws IllegalStateException if this clock is shared and must not move
	 */
	public void advance(Duration duration) {
		if (this.refusal != null) {
			throw new IllegalStateException(this.refusal);
		}
		this.offset.accumulateAndGet(duration, Duration::plus);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return Clock.offset(Clock.system(zone), this.offset.get());
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset.get());
	}

}
