package io.readerpulse.security;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A staff session's idle clock over real HTTP: a session unused for {@value StaffSessions#IDLE_HOURS} hours is
 * over, and a request moves the clock on in the database at most once a minute, so that a dashboard's requests
 * are reads.
 */
class StaffSessionIdleIT extends IntegrationTest {

	private static final String DESK = "/api/moderation/comments?status=PENDING";

	@Test
	void aSessionIdleForLongerThanItsHoursIsOverAndOneIdleForLessStillWorks() {
		String idle = session("13 hours");
		String recent = session("11 hours");
		get(idle).expectStatus().isUnauthorized();
		get(recent).expectStatus().isOk();
	}

	@Test
	void aRequestWithinAMinuteOfTheLastLeavesTheSessionsRowAsItIs() {
		String id = session("30 seconds");
		Instant before = lastSeen(id);
		get(id).expectStatus().isOk();
		assertThat(lastSeen(id)).isEqualTo(before);
	}

	@Test
	void aRequestAfterAMinuteMovesTheIdleClockOn() {
		String id = session("2 minutes");
		Instant before = lastSeen(id);
		get(id).expectStatus().isOk();
		assertThat(lastSeen(id)).isAfter(before.plusSeconds(100));
	}

	private WebTestClient.ResponseSpec get(String id) {
		return this.client.get().uri(DESK).cookie(StaffSessions.COOKIE, id).exchange();
	}

	/** A moderator's session last used the given interval ago, stored as sign-in stores one; returns its id. */
	private String session(String idleFor) {
		String id = UUID.randomUUID().toString();
		String username = staff(Role.MODERATOR).username();
		Long rows = this.database.sql("""
				insert into staff_session (id_hash, account_id, csrf_token, last_seen_at, expires_at)
				select :hash, id, 'token', now() - :idle::interval, now() + interval '1 day'
				from staff_account where username = :username""")
			.bind("hash", StaffSessions.hash(id))
			.bind("idle", idleFor)
			.bind("username", username)
			.fetch()
			.rowsUpdated()
			.block();
		assertThat(rows).isEqualTo(1);
		return id;
	}

	private Instant lastSeen(String id) {
		return this.database.sql("select last_seen_at from staff_session where id_hash = :hash")
			.bind("hash", StaffSessions.hash(id))
			.map((row) -> row.get("last_seen_at", Instant.class))
			.one()
			.block();
	}

}
