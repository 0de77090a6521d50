package io.readerpulse.view;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * New visitors per address and story, within the window.
 */
class VisitorCapTest {

	private final AtomicLong nanos = new AtomicLong();

	private final VisitorCap cap = new VisitorCap(3, Duration.ofMinutes(30), 1000, this.nanos::get);

	@Test
	void anAddressGetsItsAllowancePerStoryPerWindow() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.cap.admits(1, "203.0.113.7")).isTrue();
		}
		assertThat(this.cap.admits(1, "203.0.113.7")).isFalse();
		assertThat(this.cap.admits(2, "203.0.113.7")).as("another story").isTrue();
		assertThat(this.cap.admits(1, "203.0.113.8")).as("another address").isTrue();
		this.nanos.addAndGet(Duration.ofMinutes(31).toNanos());
		assertThat(this.cap.admits(1, "203.0.113.7")).as("the next window").isTrue();
	}

	@Test
	void zeroTurnsItOffAndTheServicesOwnMachineIsNeverCapped() {
		VisitorCap off = new VisitorCap(0, Duration.ofMinutes(30), 1000, this.nanos::get);
		for (int i = 0; i < 10; i++) {
			assertThat(off.admits(1, "203.0.113.7")).isTrue();
			assertThat(this.cap.admits(1, "127.0.0.1")).isTrue();
			assertThat(this.cap.admits(1, "0:0:0:0:0:0:0:1")).isTrue();
			assertThat(this.cap.admits(1, null)).isTrue();
		}
	}

}
