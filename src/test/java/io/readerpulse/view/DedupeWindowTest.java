package io.readerpulse.view;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DedupeWindowTest {

	private final AtomicLong nanos = new AtomicLong();

	private final DedupeWindow window = new DedupeWindow(Duration.ofMinutes(30), 1_000, this.nanos::get);

	@Test
	void sameVisitorWithinTheWindowCountsOnce() {
		assertThat(this.window.firstInWindow(1, 42)).isTrue();
		advance(Duration.ofMinutes(29));
		assertThat(this.window.firstInWindow(1, 42)).isFalse();
	}

	@Test
	void sameVisitorAfterTheWindowCountsAgain() {
		assertThat(this.window.firstInWindow(1, 42)).isTrue();
		advance(Duration.ofMinutes(30).plusSeconds(1));
		assertThat(this.window.firstInWindow(1, 42)).isTrue();
	}

	@Test
	void theWindowRunsFromTheCountedViewNotFromTheLatestRepeat() {
		assertThat(this.window.firstInWindow(1, 42)).isTrue();
		advance(Duration.ofMinutes(20));
		assertThat(this.window.firstInWindow(1, 42)).isFalse();
		advance(Duration.ofMinutes(11));
		assertThat(this.window.firstInWindow(1, 42)).isTrue();
	}

	@Test
	void storiesAndVisitorsAreIndependent() {
		assertThat(this.window.firstInWindow(1, 42)).isTrue();
		assertThat(this.window.firstInWindow(2, 42)).isTrue();
		assertThat(this.window.firstInWindow(1, 43)).isTrue();
	}

	@Test
	void expiredEntriesAreDropped() {
		for (long visitor = 0; visitor < 500; visitor++) {
			this.window.firstInWindow(1, visitor);
		}
		advance(Duration.ofMinutes(31));
		this.window.firstInWindow(1, 1_000_000);
		assertThat(this.window.size()).isEqualTo(1);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
