package io.readerpulse.view;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Deletes the receipts of flushes that nobody retries any more. A batch is retried only by the instance
 * that drained it, and only until one of its writes succeeds; a day covers every retry except one after
 * an outage of more than a day between that instance and PostgreSQL, when the batch's views might count
 * twice.
 */
@Component
final class FlushReceipts {

	private static final Logger logger = LoggerFactory.getLogger(FlushReceipts.class);

	// A bounded delete never holds many locks or runs long, however many receipts piled up (the naive mode
	// leaves one per view). Skip locked: instances share the work instead of waiting on each other.
	private static final String PRUNE = """
			delete from view_flush where id in (
			    select id from view_flush where at < now() - interval '1 day'
			    order by at limit :limit for update skip locked
			)""";

	static final int BATCH = 5000;

	private static final Duration EVERY = Duration.ofMinutes(1);

	private final DatabaseClient database;

	private final Duration timeout;

	private volatile long due = System.nanoTime();

	FlushReceipts(DatabaseClient database, ViewProperties properties) {
		this.database = database;
		this.timeout = properties.flushTimeout();
	}

	/**
	 * Deletes old receipts when it is time: once a minute, and again at once after a delete that was full.
	 * @return completion; a failure is logged and tried again a minute later
	 */
	Mono<Void> pruneIfDue() {
		long now = System.nanoTime();
		if (now - this.due < 0) {
			return Mono.empty();
		}
		this.due = now + EVERY.toNanos();
		return prune().timeout(this.timeout)
			.doOnNext((deleted) -> {
				if (deleted >= BATCH) {
					this.due = now;
				}
			})
			.doOnError((ex) -> logger.warn("Deleting old view flush receipts failed; tried again later: {}",
					ex.getMessage()))
			.onErrorComplete()
			.then();
	}

	/**
	 * Deletes at most {@link #BATCH} receipts older than a day, oldest first.
	 * @return how many were deleted
	 */
	Mono<Long> prune() {
		return this.database.sql(PRUNE).bind("limit", BATCH).fetch().rowsUpdated();
	}

}
