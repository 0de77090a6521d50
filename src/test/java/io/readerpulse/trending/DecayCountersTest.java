package io.readerpulse.trending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DecayCountersTest {

	private static final TrendingProperties DEFAULTS = new TrendingProperties(Duration.ofMinutes(10),
			Duration.ofHours(1), Duration.ofHours(24), 1, 2, 4, 30, 3, 1.5, 3.5, 50, 3, Duration.ofSeconds(10),
			Duration.ofSeconds(1), Duration.ofHours(24));

	private static final double TAU_FAST = TrendingMath.tauSeconds(DEFAULTS.fastHalfLife());

	private static final double TAU_TREND = TrendingMath.tauSeconds(DEFAULTS.trendHalfLife());

	private static final double TAU_BASE = TrendingMath.tauSeconds(DEFAULTS.baselineHalfLife());

	private final DecayCounters decay = new DecayCounters(DEFAULTS,
			Clock.fixed(Instant.parse("2026-05-04T09:00:00Z"), ZoneOffset.UTC));

	@Test
	void whyOfASteadyStoryReadsItsRateInBothWindows() {
		// 600 weighted engagements an hour, one every 6 s, for ten days: long enough for the baseline too.
		int events = 10 * 24 * 600;
		double now = events * 6.0;
		double fast = 0;
		double trend = 0;
		double base = 0;
		for (int i = 0; i < events; i++) {
			double age = now - i * 6.0;
			fast += TrendingMath.decayed(1, age, TAU_FAST);
			trend += TrendingMath.decayed(1, age, TAU_TREND);
			base += TrendingMath.decayed(1, age, TAU_BASE);
		}
		DecayCounters.Counters counters = new DecayCounters.Counters(fast, trend, base, false);
		Why why = this.decay.why(counters, null, null);
		assertThat(why.fastRate()).isCloseTo(600, within(3.0));
		assertThat(why.baselineRate()).isCloseTo(600, within(3.0));
		assertThat(why.velocity()).isCloseTo(1, within(0.01));
	}

	@Test
	void whyOfABurstShowsTheRatesItsVelocityComesFrom() {
		// 400 views a moment ago: each counter holds 400, which is 400 / τ per second.
		DecayCounters.Counters burst = new DecayCounters.Counters(400, 400, 400, false);
		Why why = this.decay.why(burst, 18.2, null);
		assertThat(why.fastRate()).isCloseTo(400 * Math.log(2) * 6, within(0.01));
		assertThat(why.baselineRate()).isCloseTo(400 * Math.log(2) / 24, within(0.01));
		assertThat(why.velocity()).isEqualTo(40.76)
			.isEqualTo(this.decay.figures(400, 400, 400, false).velocity())
			.isCloseTo(TrendingMath.velocity(why.fastRate(), why.baselineRate(), DEFAULTS.velocityPrior()),
					within(0.01));
		assertThat(why.zScore()).isEqualTo(18.2);
	}

}
