package io.readerpulse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until its test moves it: for logic that reads the time more than once and must
 * see the same instant each time (a {@link MutableClock} follows the system clock between readings).
 */
public final class StoppedClock extends Clock {

	private volatile Instant now;

	public StoppedClock(Instant start) {
		this.now = start;
	}

	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
