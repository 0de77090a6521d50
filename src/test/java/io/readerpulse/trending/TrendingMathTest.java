package io.readerpulse.trending;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrendingMathTest {

	private static final TrendingProperties DEFAULTS = new TrendingProperties(Duration.ofMinutes(10),
			Duration.ofHours(1), Duration.ofHours(24), 1, 2, 4, 30, 3, 1.5, 3.5, 50, 3, Duration.ofSeconds(10),
			Duration.ofSeconds(1), Duration.ofHours(24));

	private static final double TAU_FAST = TrendingMath.tauSeconds(Duration.ofMinutes(10));

	private static final double TAU_TREND = TrendingMath.tauSeconds(Duration.ofHours(1));

	private static final double TAU_BASE = TrendingMath.tauSeconds(Duration.ofHours(24));

	@Test
	void decayedFiguresStayFiniteHoweverFarTheClockJumped() {
		double thirtyDays = 30 * 24 * 3600.0;
		assertThat(TrendingMath.decayed(1e6, thirtyDays, TAU_FAST)).isFinite().isGreaterThanOrEqualTo(0).isLessThan(1e-200);
		assertThat(TrendingMath.decayed(1e6, -thirtyDays, TAU_FAST)).isFinite();
	}

	@Test
	void aCounterHalvesWithEachHalfLife() {
		// One engagement at t = 100 s after the landmark, read one and two half-lives later.
		double stored = TrendingMath.increment(1, 100, TAU_TREND);
		assertThat(TrendingMath.decayed(stored, 100, TAU_TREND)).isCloseTo(1, within(1e-12));
		assertThat(TrendingMath.decayed(stored, 100 + 3600, TAU_TREND)).isCloseTo(0.5, within(1e-12));
		assertThat(TrendingMath.decayed(stored, 100 + 7200, TAU_TREND)).isCloseTo(0.25, within(1e-12));
		double fast = TrendingMath.increment(1, 100, TAU_FAST);
		assertThat(TrendingMath.decayed(fast, 100 + 600, TAU_FAST)).isCloseTo(0.5, within(1e-12));
	}

	@Test
	void aSteadyRateReadsAsThatRate() {
		// 120 weighted engagements an hour for ten hours, one every 30 s.
		double stored = 0;
		for (int i = 0; i < 1200; i++) {
			stored += TrendingMath.increment(1, i * 30, TAU_TREND);
		}
		double decayed = TrendingMath.decayed(stored, 36_000, TAU_TREND);
		assertThat(TrendingMath.ratePerHour(decayed, TAU_TREND)).isCloseTo(120, within(2.0));
	}

	@Test
	void movingTheLandmarkKeepsValuesAndOrder() {
		double landmark = 0;
		double older = TrendingMath.increment(500, 1_000, TAU_FAST);
		double newer = TrendingMath.increment(100, 80_000, TAU_FAST);
		double now = 86_000;
		// Rebase: the landmark moves to now, every counter is multiplied by the same factor.
		double factor = Math.exp((landmark - now) / TAU_FAST);
		double olderRebased = older * factor;
		double newerRebased = newer * factor;
		assertThat(TrendingMath.decayed(olderRebased, 0, TAU_FAST))
			.isCloseTo(TrendingMath.decayed(older, now, TAU_FAST), within(1e-9));
		assertThat(TrendingMath.decayed(newerRebased, 0, TAU_FAST))
			.isCloseTo(TrendingMath.decayed(newer, now, TAU_FAST), within(1e-9));
		assertThat(newer > older).isEqualTo(newerRebased > olderRebased);
		assertThat(Double.isFinite(TrendingMath.increment(1, now - landmark, TAU_FAST))).isTrue();
	}

	@Test
	void velocityOfAFewViewsOnANewStoryStaysLow() {
		double fast = TrendingMath.ratePerHour(3, TAU_FAST);
		double base = TrendingMath.ratePerHour(3, TAU_BASE);
		assertThat(TrendingMath.velocity(fast, base, 0)).as("without the prior it would spike").isGreaterThan(100);
		assertThat(TrendingMath.velocity(fast, base, 30)).isLessThan(1.5);
	}

	@Test
	void velocityOfABurstIsHigh() {
		double fast = TrendingMath.ratePerHour(300, TAU_FAST);
		double base = TrendingMath.ratePerHour(300, TAU_BASE);
		assertThat(TrendingMath.velocity(fast, base, 30)).isGreaterThan(10);
	}

	@Test
	void velocityOfASteadyStoryIsAboutOne() {
		assertThat(TrendingMath.velocity(400, 400, 30)).isEqualTo(1);
	}

	@Test
	void viralNeedsVelocityOutlierAndAudienceThenHoldsUntilCalm() {
		assertThat(TrendingMath.viral(false, 3.2, 5, 80, 20, DEFAULTS)).isTrue();
		assertThat(TrendingMath.viral(false, 2.9, 5, 80, 20, DEFAULTS)).as("too slow").isFalse();
		assertThat(TrendingMath.viral(false, 3.2, 2, 80, 20, DEFAULTS)).as("not an outlier").isFalse();
		assertThat(TrendingMath.viral(false, 3.2, 5, 40, 20, DEFAULTS)).as("audience too small").isFalse();
		assertThat(TrendingMath.viral(true, 2.0, 0, 10, 20, DEFAULTS)).as("hysteresis keeps it on").isTrue();
		assertThat(TrendingMath.viral(true, 1.4, 9, 900, 20, DEFAULTS)).as("calm turns it off").isFalse();
	}

	@Test
	void withTooFewLiveStoriesTheOutlierTestIsWaived() {
		assertThat(TrendingMath.viral(false, 5, 0, 80, 1, DEFAULTS)).isTrue();
		assertThat(TrendingMath.viral(false, 5, 0, 80, 3, DEFAULTS)).isFalse();
	}

	@Test
	void robustZOfOneStoryIsZero() {
		assertThat(TrendingMath.robustZ(new double[] { 42 })).containsExactly(0);
	}

	@Test
	void robustZOfEqualValuesIsZero() {
		assertThat(TrendingMath.robustZ(new double[] { 7, 7, 7, 7 })).containsExactly(0, 0, 0, 0);
	}

	@Test
	void robustZWithZeroMadStillFindsTheOutlier() {
		double[] z = TrendingMath.robustZ(new double[] { 1, 1, 1, 1, 1, 400 });
		assertThat(z[5]).isGreaterThan(3.5);
		assertThat(z[0]).isEqualTo(0);
	}

	@Test
	void robustZIgnoresASingleExtremeWhenJudgingTheOthers() {
		double[] z = TrendingMath.robustZ(new double[] { 10, 12, 9, 11, 10, 13, 8, 1000 });
		assertThat(z[7]).isGreaterThan(100);
		for (int i = 0; i < 7; i++) {
			assertThat(Math.abs(z[i])).isLessThan(3.5);
		}
	}

	@Test
	void robustZOfNothingIsEmpty() {
		assertThat(TrendingMath.robustZ(new double[0])).isEmpty();
	}

}
