package io.readerpulse.web;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.readerpulse.StoppedClock;

import static org.assertj.core.api.Assertions.assertThat;

class FixedWindowLimiterTest {

	// Stands still between readings, so a wait is exact however long the test takes.
	private final StoppedClock clock = new StoppedClock(Instant.parse("2026-05-01T12:00:00Z"));

	private final FixedWindowLimiter limiter = new FixedWindowLimiter(3, Duration.ofMinutes(1), 100, this.clock);

	@Test
	void allowsTheLimitThenSaysHowLongToWait() {
		assertThat(this.limiter.tryAcquire("10.0.0.1")).isEmpty();
		assertThat(this.limiter.tryAcquire("10.0.0.1")).isEmpty();
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.limiter.tryAcquire("10.0.0.1")).isEmpty();
		assertThat(this.limiter.tryAcquire("10.0.0.1")).hasValue(Duration.ofSeconds(40));
	}

	@Test
	void aNewWindowStartsAfterTheOldOneEnds() {
		for (int i = 0; i < 4; i++) {
			this.limiter.tryAcquire("10.0.0.1");
		}
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.limiter.tryAcquire("10.0.0.1")).isEmpty();
	}

	@Test
	void keysHaveTheirOwnAllowance() {
		for (int i = 0; i < 3; i++) {
			this.limiter.tryAcquire("10.0.0.1");
		}
		assertThat(this.limiter.tryAcquire("10.0.0.1")).isPresent();
		assertThat(this.limiter.tryAcquire("10.0.0.2")).isEmpty();
	}

	@Test
	void checkingWhetherAKeyIsExhaustedUsesNothing() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.limiter.exhausted("10.0.0.1")).isEmpty();
		}
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryAcquire("10.0.0.1")).isEmpty();
		}
		assertThat(this.limiter.exhausted("10.0.0.1")).hasValue(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.limiter.exhausted("10.0.0.1")).isEmpty();
	}

}
