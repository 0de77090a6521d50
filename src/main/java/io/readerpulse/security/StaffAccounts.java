package io.readerpulse.security;

import java.time.Instant;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Staff accounts in PostgreSQL.
 */
@Component
final class StaffAccounts {

	private static final String COLUMNS = "username, password_hash, role, created_at";

	private final DatabaseClient database;

	StaffAccounts(DatabaseClient database) {
		this.database = database;
	}

	Mono<StaffAccount> findByUsername(String username) {
		return this.database.sql("select " + COLUMNS + " from staff_account where username = :username")
			.bind("username", username)
			.map(StaffAccounts::toAccount)
			.one();
	}

	Flux<StaffAccount> findAll() {
		return this.database.sql("select " + COLUMNS + " from staff_account order by username")
			.map(StaffAccounts::toAccount)
			.all();
	}

	/**
	 * Inserts the account unless the username is taken.
	 * @return the stored account, or empty when the username was taken
	 */
	Mono<StaffAccount> insertIfAbsent(String username, String passwordHash, StaffRole role) {
		return this.database
			.sql("insert into staff_account (username, password_hash, role) values (:username, :hash, :role) "
					+ "on conflict (username) do nothing returning " + COLUMNS)
			.bind("username", username)
			.bind("hash", passwordHash)
			.bind("role", role.name())
			.map(StaffAccounts::toAccount)
			.one();
	}

	private static StaffAccount toAccount(Readable row) {
		return new StaffAccount(row.get("username", String.class), row.get("password_hash", String.class),
				StaffRole.valueOf(row.get("role", String.class)), row.get("created_at", Instant.class));
	}

	Mono<Boolean> anyAdmin() {
		return this.database.sql("select exists (select 1 from staff_account where role = 'ADMIN') as present")
			.map((row) -> Boolean.TRUE.equals(row.get("present", Boolean.class)))
			.one();
	}

	Mono<Long> delete(String username) {
		return this.database.sql("delete from staff_account where username = :username")
			.bind("username", username)
			.fetch()
			.rowsUpdated();
	}

}
