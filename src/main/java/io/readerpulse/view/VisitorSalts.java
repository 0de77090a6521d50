package io.readerpulse.view;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The secret of the day that the fallback visitor hash is salted with. Kept in PostgreSQL so every instance
 * uses the same one; salts older than yesterday's are deleted, so a stored fingerprint cannot be linked to a
 * reader's address for long.
 */
@Component
final class VisitorSalts {

	private static final int SALT_BYTES = 32;

	private final DatabaseClient database;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final AtomicReference<DaySalt> current = new AtomicReference<>();

	VisitorSalts(DatabaseClient database, Clock clock) {
		this.database = database;
		this.clock = clock;
	}

	Mono<byte[]> today() {
		LocalDate day = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		DaySalt cached = this.current.get();
		if (cached != null && cached.day().equals(day)) {
			return cached.salt();
		}
		// Cached as a Mono so that the readers arriving together at midnight share one round trip; a failed
		// lookup is not cached, so the next beacon tries again.
		DaySalt fresh = new DaySalt(day, load(day).cache((salt) -> Duration.ofDays(2), (ex) -> Duration.ZERO,
				() -> Duration.ZERO));
		this.current.compareAndSet(cached, fresh);
		return this.current.get().salt();
	}

	private Mono<byte[]> load(LocalDate day) {
		byte[] candidate = new byte[SALT_BYTES];
		this.random.nextBytes(candidate);
		// "do update" rather than "do nothing": when instances race at midnight, the loser gets the winner's
		// salt back in the same statement (a separate select would not see the winner's row yet).
		return this.database.sql("""
				with forgotten as (delete from visitor_salt where day < :day - 1)
				insert into visitor_salt (day, salt) values (:day, :salt)
				on conflict (day) do update set salt = visitor_salt.salt
				returning salt""")
			.bind("day", day)
			.bind("salt", candidate)
			.map((row) -> row.get("salt", byte[].class))
			.one();
	}

	private record DaySalt(LocalDate day, Mono<byte[]> salt) {
	}

}
