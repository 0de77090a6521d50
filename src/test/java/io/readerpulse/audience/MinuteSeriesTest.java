package io.readerpulse.audience;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MinuteSeriesTest {

	private static final Audience.Sources ONE_DIRECT = new Audience.Sources(1, 0, 0, 0, 0);

	@Test
	void aSpanEndsWithTheCurrentMinute() {
		MinuteSeries span = MinuteSeries.endingAt(Instant.parse("2026-12-01T10:15:42Z"), 3);
		assertThat(span.from()).isEqualTo(Instant.parse("2026-12-01T10:13:00Z"));
		assertThat(span.to()).isEqualTo(Instant.parse("2026-12-01T10:16:00Z"));
		assertThat(span.fromHour()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
	}

	@Test
	void everyMinuteIsPresentAndStoredMinutesOutsideTheSpanAreIgnored() {
		MinuteSeries span = MinuteSeries.endingAt(Instant.parse("2026-12-01T10:15:42Z"), 4);
		List<AudienceReads.Stored> stored = List.of(stored("2026-12-01T10:15:00Z", 5, 30),
				stored("2026-12-01T10:13:00Z", 2, 0), stored("2026-12-01T10:11:00Z", 9, 9),
				stored("2026-12-01T10:16:00Z", 9, 9));
		assertThat(span.fill(stored)).extracting(Audience.MinuteFigures::minute, Audience.MinuteFigures::views,
				Audience.MinuteFigures::engagedSeconds)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-12-01T10:12:00Z"), 0L, 0L),
					org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-12-01T10:13:00Z"), 2L, 0L),
					org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-12-01T10:14:00Z"), 0L, 0L),
					org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-12-01T10:15:00Z"), 5L, 30L));
		assertThat(span.views(stored)).containsExactly(0, 2, 0, 5);
	}

	private static AudienceReads.Stored stored(String minute, long views, long engaged) {
		return new AudienceReads.Stored(7, Instant.parse(minute), views, engaged, ONE_DIRECT);
	}

}
