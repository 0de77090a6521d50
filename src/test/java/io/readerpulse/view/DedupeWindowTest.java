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

	@Test
	void aPairIsRememberedForTheWholeWindowWhileGenerationsTurnOver() {
		assertThat(this.window.firstInWindow(1, 42)).isTrue();
		for (int step = 1; step <= 2; step++) {
			advance(Duration.ofMinutes(12));
			// Others' views start a new generation each time.
			this.window.firstInWindow(2, step);
		}
		advance(Duration.ofMinutes(5));
		assertThat(this.window.firstInWindow(1, 42)).isFalse();
		advance(Duration.ofMinutes(1).plusSeconds(1));
		assertThat(this.window.firstInWindow(1, 42)).isTrue();
	}

	@Test
	void pastTheBoundTheOldestPairsAreForgottenFirst() {
		DedupeWindow bounded = new DedupeWindow(Duration.ofMinutes(30), 3_000, this.nanos::get);
		for (long visitor = 0; visitor <= 4_000; visitor++) {
			assertThat(bounded.firstInWindow(1, visitor)).isTrue();
		}
		assertThat(bounded.firstInWindow(1, 3_999)).isFalse();
		assertThat(bounded.firstInWindow(1, 1_500)).isFalse();
		assertThat(bounded.firstInWindow(1, 0)).as("the oldest, forgotten early").isTrue();
	}

	@Test
	void memoryStaysWithinTheBoundAndAThird() {
		DedupeWindow bounded = new DedupeWindow(Duration.ofMinutes(30), 100_000, this.nanos::get);
		for (long visitor = 0; visitor < 1_000_000; visitor++) {
			bounded.firstInWindow(visitor % 7, visitor);
		}
		assertThat(bounded.size()).isBetween(90_000L, 133_400L);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
