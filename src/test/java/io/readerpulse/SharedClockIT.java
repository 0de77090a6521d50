package io.readerpulse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The clock of the context most tests share keeps to the system's time: moving it is refused, so a test that
 * needs to must be {@link OwnClock}.
 */
class SharedClockIT extends IntegrationTest {

	@Autowired
	private Clock serviceClock;

	@Test
	void theSharedClockRefusesToMoveAndIsTheServicesClock() {
		assertThat(this.serviceClock).isSameAs(this.clock);
		assertThatIllegalStateException().isThrownBy(() -> this.clock.advance(Duration.ofSeconds(1)))
			.withMessageContaining("@OwnClock");
		assertThat(Duration.between(Instant.now(), this.clock.instant()).abs()).isLessThan(Duration.ofSeconds(1));
	}

}
