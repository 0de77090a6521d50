package io.readerpulse.trending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;

import io.readerpulse.live.Stats;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * The forward-decay counters in {@code article_stats}, for the stores that add to them and the reads that
 * show them.
 * <p>
 * A write adds {@code weight * forward_decay_weight(:decayNow, landmark.landmark, :tauX)} to each counter
 * (the function is in V8) and reads the landmark in its own statement, {@code FOR SHARE}, so that it waits
 * for a landmark move in progress and then uses the new landmark; {@link #bind} binds the parameters. A read
 * selects the stored counters with the landmark and {@link #figures} decays them to now.
 */
@Component
public final class DecayCounters {

	private final TrendingProperties properties;

	private final Clock clock;

	private final double tauFast;

	private final double tauTrend;

	private final double tauBase;

	public DecayCounters(TrendingProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.tauFast = TrendingMath.tauSeconds(properties.fastHalfLife());
		this.tauTrend = TrendingMath.tauSeconds(properties.trendHalfLife());
		this.tauBase = TrendingMath.tauSeconds(properties.baselineHalfLife());
	}

	/**
	 * Binds the time and the time constants of a statement that adds to the counters.
	 * @param spec the statement
	 * @return the statement with {@code :decayNow}, {@code :tauFast}, {@code :tauTrend}, {@code :tauBase} bound
	 */
	public GenericExecuteSpec bind(GenericExecuteSpec spec) {
		return bind(spec, this.clock.instant());
	}

	GenericExecuteSpec bind(GenericExecuteSpec spec, Instant now) {
		return spec.bind("decayNow", now)
			.bind("tauFast", this.tauFast)
			.bind("tauTrend", this.tauTrend)
			.bind("tauBase", this.tauBase);
	}

	/**
	 * Binds the time and the fast time constant, for a statement that looks at the fast counter alone.
	 * @param spec the statement
	 * @return the statement with {@code :decayNow} and {@code :tauFast} bound
	 */
	GenericExecuteSpec bindFast(GenericExecuteSpec spec) {
		return spec.bind("decayNow", now()).bind("tauFast", this.tauFast);
	}

	/**
	 * The trending figures now of a row with the stored {@code n_fast}, {@code n_trend}, {@code n_base},
	 * {@code viral} and {@code landmark}.
	 * @param row the row
	 * @return score, velocity and the viral flag
	 */
	public Stats.Trending figures(Readable row) {
		Counters counters = counters(row);
		return figures(counters.fast(), counters.trend(), counters.base(), counters.viral());
	}

	/**
	 * The counters of a row (see {@link #figures(Readable)}), decayed to now.
	 * @param row the row
	 * @return the decayed counters
	 */
	Counters counters(Readable row) {
		Instant landmark = row.get("landmark", Instant.class);
		double since = (landmark != null) ? Duration.between(landmark, now()).toNanos() / 1e9 : 0;
		return new Counters(TrendingMath.decayed(number(row, "n_fast"), since, this.tauFast),
				TrendingMath.decayed(number(row, "n_trend"), since, this.tauTrend),
				TrendingMath.decayed(number(row, "n_base"), since, this.tauBase),
				Boolean.TRUE.equals(row.get("viral", Boolean.class)));
	}

	Stats.Trending figures(double fast, double trend, double base, boolean viral) {
		return new Stats.Trending(round(TrendingMath.ratePerHour(trend, this.tauTrend)), velocity(fast, base), viral);
	}

	/**
	 * The figures behind the viral flag of decayed counters, with the same velocity that {@link #figures}
	 * gives them.
	 * @param counters the decayed counters
	 * @param zScore the robust z-score the verdict used, or {@code null} if none was taken
	 * @param viralSince when the story turned viral, or {@code null}
	 * @return the rates per hour, the velocity, the z-score and the turn
	 */
	Why why(Counters counters, @Nullable Double zScore, @Nullable Instant viralSince) {
		return new Why(round(TrendingMath.ratePerHour(counters.fast(), this.tauFast)),
				round(TrendingMath.ratePerHour(counters.base(), this.tauBase)),
				velocity(counters.fast(), counters.base()), zScore, viralSince);
	}

	private double velocity(double fast, double base) {
		return round(TrendingMath.velocity(TrendingMath.ratePerHour(fast, this.tauFast),
				TrendingMath.ratePerHour(base, this.tauBase), this.properties.velocityPrior()));
	}

	Instant now() {
		return this.clock.instant();
	}

	private static double number(Readable row, String column) {
		Double value = row.get(column, Double.class);
		return (value != null) ? value : 0;
	}

	static double round(double value) {
		// Two decimals: enough to rank by eye, and the live board does not flicker on noise.
		return Math.round(value * 100) / 100.0;
	}

	/**
	 * A story's counters decayed to now.
	 */
	record Counters(double fast, double trend, double base, boolean viral) {
	}

}
