package io.readerpulse.trending;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.readerpulse.StartupTask;

import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the landmark of the trending counters close to now: once it is {@code rebaseAfter} old it moves to
 * now, rescaling every counter in the same statement (all by the same factor per time constant, so no
 * ranking changes). It moves before the service reports ready, so that after a long pause counting starts
 * against a current landmark, and then with every viral evaluation, so that a clock that jumped is caught
 * up with within seconds.
 */
@Component
@Order(0)
final class Landmark implements StartupTask {

	private static final Logger logger = LoggerFactory.getLogger(Landmark.class);

	private final DatabaseClient database;

	private final DecayCounters decay;

	private final TrendingProperties properties;

	Landmark(DatabaseClient database, DecayCounters decay, TrendingProperties properties) {
		this.database = database;
		this.decay = decay;
		this.properties = properties;
	}

	@Override
	public Mono<Void> run() {
		return move();
	}

	/**
	 * Moves the landmark to now if it is due.
	 * @return completion
	 */
	Mono<Void> move() {
		Instant now = this.decay.now();
		// A counter relative to the old landmark times the old landmark's weight relative to the new one is
		// the same counter relative to the new landmark.
		return this.decay.bind(this.database.sql("""
				with old as (select landmark from trending_landmark where id = 1 and landmark < :cutoff for update),
				     moved as (update trending_landmark set landmark = :decayNow where id = 1
				               and exists (select 1 from old))
				update article_stats set
				    n_fast = n_fast * forward_decay_weight(old.landmark, :decayNow, :tauFast),
				    n_trend = n_trend * forward_decay_weight(old.landmark, :decayNow, :tauTrend),
				    n_base = n_base * forward_decay_weight(old.landmark, :decayNow, :tauBase)
				from old"""), now)
			.bind("cutoff", now.minus(this.properties.rebaseAfter()))
			.fetch()
			.rowsUpdated()
			.filter((rows) -> rows > 0)
			.doOnNext((rows) -> logger.info("Moved the trending landmark to {} ({} stories rescaled)", now, rows))
			.then();
	}

}
