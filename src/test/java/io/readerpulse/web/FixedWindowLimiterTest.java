package io.readerpulse.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.readerpulse.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class FixedWindowLimiterTest {

	private final MutableClock clock = new MutableClock();

	private final FixedWindowLimiter limiter = new FixedWindowLimiter(3, Duration.ofMinutes(1), 100, this.clock);

	@Test
	void allowsTheLimitThenSaysHowLongToWait() {
		assertThat(this.limiter.tryAcquire("10.0.0.1")).isEmpty();
		assertThat(this.limiter.tryAcquire("10.0.0.1")).isEmpty();
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.limiter.tryAcquire("10.0.0.1")).isEmpty();
		assertThat(this.limiter.tryAcquire("10.0.0.1")).hasValueSatisfying(
				(wait) -> assertThat(wait).isBetween(Duration.ofSeconds(39), Duration.ofSeconds(40)));
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
		assertThat(this.limiter.exhausted("10.0.0.1")).hasValueSatisfying(
				(wait) -> assertThat(wait).isBetween(Duration.ofSeconds(59), Duration.ofMinutes(1)));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.limiter.exhausted("10.0.0.1")).isEmpty();
	}

}
