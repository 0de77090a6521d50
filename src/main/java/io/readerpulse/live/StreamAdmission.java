package io.readerpulse.live;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.stereotype.Component;

/**
 * Decides whether a new stream is opened now or told to come back later.
 * <p>
 * When an instance restarts, its readers' browsers retry every few seconds while it is down, and all of them
 * are at the door the moment it listens again, each asking for a replay. A browser cannot back off by itself,
 * and it gives up for good on an error status, so the spreading is done here: while the instance is not ready
 * (starting, its start-up tasks not done yet, or shutting down), and beyond {@code pulse.live.opens-per-second} in any second, a stream is
 * answered with a random {@code retry:} and ends at once, before any database work. The browser comes back
 * after that delay, and readers arrive at the rate the instance serves.
 */
@Component
final class StreamAdmission {

	private final ApplicationAvailability availability;

	private final StartupProgress startup;

	private final int perSecond;

	private final Clock clock;

	// The current second in the high bits, the streams opened in it in the low 24.
	private final AtomicLong window = new AtomicLong();

	private final Counter refused;

	StreamAdmission(ApplicationAvailability availability, StartupProgress startup, LiveProperties properties, Clock clock,
			MeterRegistry meters) {
		this.availability = availability;
		this.startup = startup;
		this.perSecond = Math.min(properties.opensPerSecond(), (1 << 24) - 1);
		this.clock = clock;
		this.refused = meters.counter("pulse.live.busy");
	}

	/**
	 * Takes a place for a new stream.
	 * @return {@code true} if it may open now; {@code false} if it should come back later
	 */
	boolean admit() {
		// The web server listens before the start-up tasks are done: readers who come back then would only slow
		// them down.
		if (this.availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC || !this.startup.done()) {
			this.refused.increment();
			return false;
		}
		if (this.perSecond <= 0) {
			return true;
		}
		long second = this.clock.millis() / 1000;
		while (true) {
			long current = this.window.get();
			long count = ((current >>> 24) == second) ? (current & 0xFFFFFF) : 0;
			if (count >= this.perSecond) {
				this.refused.increment();
				return false;
			}
			if (this.window.compareAndSet(current, (second << 24) | (count + 1))) {
				return true;
			}
		}
	}

}
