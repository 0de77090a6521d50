package io.readerpulse.trending;

import java.time.Clock;
import java.time.Instant;

import io.r2dbc.spi.Readable;

import io.readerpulse.article.Stats;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * The SQL side of the forward-decay counters in {@code article_stats}: what a write adds, how a read
 * decays, and the parameters both bind. Every statement reads the landmark from {@code trending_landmark}
 * itself, so a landmark moved by any instance is seen at once by all.
 * <p>
 * Writers (views now, comments and reactions as they arrive) put {@link #LANDMARK} in their {@code WITH}
 * clause and {@code landmark} in their {@code FROM} list, and call {@link #increments(String, String)}
 * with their weighted count. {@code FOR SHARE} makes a write wait for a landmark move in progress and
 * then use the new landmark.
 */
@Component
public final class DecayCounters {

	/** The landmark, locked against moving while the statement runs. */
	public static final String LANDMARK = "landmark as (select landmark from trending_landmark where id = 1 for share)";

	private final TrendingProperties properties;

	private final Clock clock;

	private final double tauFast;

	private final double tauTrend;

	private final double tauBase;

	DecayCounters(TrendingProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.tauFast = TrendingMath.tauSeconds(properties.fastHalfLife());
		this.tauTrend = TrendingMath.tauSeconds(properties.trendHalfLife());
		this.tauBase = TrendingMath.tauSeconds(properties.baselineHalfLife());
	}

	/**
	 * The {@code SET} items that add a weighted count to the three counters.
	 * @param table the alias of {@code article_stats} in the statement
	 * @param weighted an SQL expression for the weighted count to add
	 * @return SQL for the {@code SET} clause
	 */
	public String increments(String table, String weighted) {
		String growth = "exp(extract(epoch from (:decayNow - landmark.landmark)) / :tau%s)";
		return "n_fast = %1$s.n_fast + (%2$s) * %3$s, n_trend = %1$s.n_trend + (%2$s) * %4$s, "
			.formatted(table, weighted, growth.formatted("Fast"), growth.formatted("Trend"))
				+ "n_base = %1$s.n_base + (%2$s) * %3$s".formatted(table, weighted, growth.formatted("Base"));
	}

	/**
	 * The select-list items that decay a story's counters to now, as {@code c_fast}, {@code c_trend},
	 * {@code c_base}, plus {@code viral}; the statement must join {@code trending_landmark landmark}.
	 * @param table the alias of {@code article_stats} in the statement
	 * @return SQL for the select list
	 */
	public String decayedColumns(String table) {
		String decay = "coalesce(%1$s.n_%2$s, 0) * exp(extract(epoch from (landmark.landmark - :decayNow)) / :tau%3$s) as c_%2$s";
		return decay.formatted(table, "fast", "Fast") + ", " + decay.formatted(table, "trend", "Trend") + ", "
				+ decay.formatted(table, "base", "Base") + ", coalesce(" + table + ".viral, false) as viral";
	}

	/**
	 * Binds the time and the time constants that the SQL above refers to.
	 * @param spec the statement
	 * @return the statement with the parameters bound
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
	 * The trending figures of a row selected with {@link #decayedColumns(String)}.
	 * @param row the row
	 * @return score, velocity and the viral flag
	 */
	public Stats.Trending figures(Readable row) {
		return figures(number(row, "c_fast"), number(row, "c_trend"), number(row, "c_base"),
				Boolean.TRUE.equals(row.get("viral", Boolean.class)));
	}

	Stats.Trending figures(double fast, double trend, double base, boolean viral) {
		double velocity = TrendingMath.velocity(TrendingMath.ratePerHour(fast, this.tauFast),
				TrendingMath.ratePerHour(base, this.tauBase), this.properties.velocityPrior());
		return new Stats.Trending(round(TrendingMath.ratePerHour(trend, this.tauTrend)), round(velocity), viral);
	}

	Instant now() {
		return this.clock.instant();
	}

	private static double number(Readable row, String column) {
		Double value = row.get(column, Double.class);
		return (value != null) ? value : 0;
	}

	private static double round(double value) {
		// Two decimals: enough to rank by eye, and the live board does not flicker on noise.
		return Math.round(value * 100) / 100.0;
	}

}
