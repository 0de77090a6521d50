package io.readerpulse.view;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.readerpulse.StoppedClock;

import static org.assertj.core.api.Assertions.assertThat;

class EngagementTest {

	// The start of a 15-second slot.
	private final StoppedClock clock = new StoppedClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final Engagement engagement = new Engagement(this.clock, 3);

	@Test
	void aVisitorCountsOncePerFifteenSecondSlotEvenWhenPingsArriveEarly() {
		assertThat(this.engagement.ping(7, 1)).isTrue();
		this.clock.advance(Duration.ofSeconds(14));
		assertThat(this.engagement.ping(7, 1)).as("same slot").isFalse();
		// 14.9 s after the last counted ping, but in the next slot: a timer that fired a little early.
		this.clock.advance(Duration.ofMillis(1_100));
		assertThat(this.engagement.ping(7, 1)).isTrue();
		assertThat(this.engagement.ping(8, 1)).as("another story").isTrue();
		assertThat(this.engagement.ping(7, 2)).as("another visitor").isTrue();
	}

	@Test
	void engagedNowCountsVisitorsOfTheLastThirtySeconds() {
		this.engagement.ping(7, 1);
		this.clock.advance(Duration.ofSeconds(20));
		this.engagement.ping(7, 2);
		this.engagement.ping(8, 3);
		assertThat(this.engagement.engagedNow(7)).isEqualTo(2);
		assertThat(this.engagement.engagedNow()).containsEntry(7L, 2L).containsEntry(8L, 1L);
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.engagement.engagedNow(7)).isEqualTo(1);
		assertThat(this.engagement.engagedNow()).containsEntry(7L, 1L).containsEntry(8L, 1L).hasSize(2);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.engagement.engagedNow()).isEmpty();
		assertThat(this.engagement.remembered()).as("forgotten").isZero();
	}

	@Test
	void visitorsBeyondTheBoundDoNotCountUntilRoomIsMade() {
		this.engagement.ping(7, 1);
		this.engagement.ping(7, 2);
		this.engagement.ping(7, 3);
		assertThat(this.engagement.ping(7, 4)).isFalse();
		assertThat(this.engagement.engagedNow(7)).isEqualTo(3);
		this.clock.advance(Duration.ofSeconds(31));
		this.engagement.engagedNow();
		assertThat(this.engagement.ping(7, 4)).isTrue();
	}

}
