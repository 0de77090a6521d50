package io.readerpulse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.readerpulse.TestDatabase.Mode;
import io.readerpulse.TestDatabase.Resolved;
import io.readerpulse.database.DatabaseUrl;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabaseTest {

	@Test
	void testDatabaseUrlWinsEvenWithDocker() {
		assertThat(TestDatabase.choose(Map.of("TEST_DATABASE_URL", "postgresql://u:p@h/db"), () -> true))
			.isEqualTo(Mode.EXTERNAL);
	}

	@Test
	void dockerWithoutUrlThenTestcontainers() {
		assertThat(TestDatabase.choose(Map.of(), () -> true)).isEqualTo(Mode.TESTCONTAINERS);
	}

	@Test
	void neitherThenEmbedded() {
		assertThat(TestDatabase.choose(Map.of("TEST_DATABASE_URL", " "), () -> false)).isEqualTo(Mode.EMBEDDED);
	}

	@Test
	void embeddedModeStartsAServerThatAnswers() throws SQLException {
		Resolved resolved = TestDatabase.resolve(Map.of(), () -> false);
		assertThat(resolved.mode()).isEqualTo(Mode.EMBEDDED);
		assertThat(selectOne(resolved.url())).isEqualTo(1);
	}

	@Test
	void externalModeConnectsToTheGivenUrl() throws SQLException {
		DatabaseUrl running = TestDatabase.url();
		String given = "postgresql://" + running.username() + ":" + ((running.password() != null) ? running.password() : "")
				+ "@" + running.host() + ":" + running.port() + "/" + running.database();
		Resolved resolved = TestDatabase.resolve(Map.of("TEST_DATABASE_URL", given), () -> false);
		assertThat(resolved.mode()).isEqualTo(Mode.EXTERNAL);
		assertThat(resolved.url().port()).isEqualTo(running.port());
		assertThat(selectOne(resolved.url())).isEqualTo(1);
	}

	private static int selectOne(DatabaseUrl url) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
				ResultSet result = connection.createStatement().executeQuery("select 1")) {
			result.next();
			return result.getInt(1);
		}
	}

}
