package io.readerpulse.audience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.live.WhileRunning;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Rolls minutes up into hours and expires what is past its retention, every few minutes.
 * <p>
 * A roll-up recomputes the recent hours from their minutes and replaces them, rather than adding: it may
 * run any number of times, on any number of instances at once, and views that arrive late for an hour
 * (a flush retried after an outage) are rolled up by the next run. Hours stay recomputable for as long as
 * their minutes are kept. Deletes are bounded, oldest first, so a backlog never holds long locks.
 */
@Component
final class AudienceRetention extends WhileRunning {

	private static final Logger logger = LoggerFactory.getLogger(AudienceRetention.class);

	private static final Duration EVERY = Duration.ofMinutes(5);

	// Hours recomputed each run: the current one and the two before it.
	private static final int RECENT_HOURS = 3;

	static final int BATCH = 10_000;

	private static final String ROLL_UP = """
			insert into audience_hour as h
			    (article_id, hour, views, engaged_seconds, direct, internal, search, social, other)
			select article_id, date_trunc('hour', minute, 'UTC'), sum(views), sum(engaged_seconds), sum(direct),
			       sum(internal), sum(search), sum(social), sum(other)
			from audience_minute where minute >= :from and minute < :to
			group by 1, 2 order by 1, 2
			on conflict (article_id, hour) do update
			set views = excluded.views, engaged_seconds = excluded.engaged_seconds, direct = excluded.direct,
			    internal = excluded.internal, search = excluded.search, social = excluded.social,
			    other = excluded.other""";

	private final DatabaseClient database;

	private final AudienceProperties properties;

	private final Clock clock;

	AudienceRetention(DatabaseClient database, AudienceProperties properties, Clock clock) {
		this.database = database;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void start() {
		super.start();
		whileRunning(Flux.interval(Duration.ofSeconds(30), EVERY))
			.onBackpressureDrop()
			.concatMap((tick) -> tidy().onErrorResume((ex) -> {
				logger.warn("Rolling up or expiring audience figures failed; tried again later: {}", ex.getMessage());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	/**
	 * Rolls up the recent hours, then deletes expired minutes, hours and referring hosts until none is left.
	 * @return completion
	 */
	Mono<Void> tidy() {
		Instant now = this.clock.instant();
		Instant hour = now.truncatedTo(ChronoUnit.HOURS);
		Mono<Long> rollUp = this.database.sql(ROLL_UP)
			.bind("from", hour.minus(Duration.ofHours(RECENT_HOURS - 1)))
			.bind("to", hour.plus(Duration.ofHours(1)))
			.fetch()
			.rowsUpdated();
		Instant minutesBefore = now.minus(this.properties.minuteRetention());
		Instant hoursBefore = now.minus(this.properties.hourRetention());
		return rollUp.then(expire("audience_minute", "minute", minutesBefore))
			.then(expire("audience_hour", "hour", hoursBefore))
			.then(expire("referrer_hour", "hour", hoursBefore));
	}

	private Mono<Void> expire(String table, String column, Instant before) {
		// Bounded by ctid: the table's own row address, whatever its key.
		String delete = "delete from " + table + " where ctid = any(array(select ctid from " + table + " where "
				+ column + " < :before order by " + column + " limit :limit for update skip locked))";
		return this.database.sql(delete)
			.bind("before", before)
			.bind("limit", BATCH)
			.fetch()
			.rowsUpdated()
			.expand((deleted) -> (deleted >= BATCH) ? this.database.sql(delete)
				.bind("before", before)
				.bind("limit", BATCH)
				.fetch()
				.rowsUpdated() : Mono.empty())
			.then();
	}

}
