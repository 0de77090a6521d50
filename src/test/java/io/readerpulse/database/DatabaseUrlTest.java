package io.readerpulse.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatabaseUrlTest {

	@Test
	void parseFullUrlThenR2dbcAndJdbcUrlsWithoutCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://pulse:s3cret@db.internal:6543/news");
		assertThat(url.username()).isEqualTo("pulse");
		assertThat(url.password()).isEqualTo("s3cret");
		assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:postgresql://db.internal:6543/news");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/news");
	}

	@Test
	void parseWithoutPortOrCredentialsThenDefaults() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://localhost/pulse");
		assertThat(url.port()).isEqualTo(5432);
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void parseEncodedPasswordThenDecodedKeepingPlus() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://pulse:p%40ss%3Aw+rd@localhost/pulse");
		assertThat(url.password()).isEqualTo("p@ss:w+rd");
	}

	@Test
	void parseSslModeThenPassedToBothDrivers() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@h/db?sslmode=require");
		assertThat(url.jdbcUrl()).endsWith("/db?sslmode=require");
		assertThat(url.r2dbcUrl()).endsWith("/db?sslMode=require");
	}

	@Test
	void r2dbcSpellingOfSslModeReachesJdbcInItsOwnSpelling() {
		assertThat(DatabaseUrl.parseR2dbc("r2dbc:postgresql://h/db?sslMode=require").jdbcUrl())
			.endsWith("/db?sslmode=require");
	}

	@Test
	void parseR2dbcUrlThenSameLocation() {
		DatabaseUrl url = DatabaseUrl.parseR2dbc("r2dbc:pool:postgresql://h:5433/db");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/db");
	}

	@Test
	void toStringNeverShowsThePassword() {
		assertThat(DatabaseUrl.parse("postgresql://pulse:s3cret@db:5432/news").toString())
			.isEqualTo("postgresql://pulse@db:5432/news")
			.doesNotContain("s3cret");
	}

	@Test
	void parseWrongSchemeOrMissingPartsThenClearErrorWithoutTheUrl() {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("mysql://u:secret@h/db"))
			.withMessageContaining("postgresql://")
			.withMessageNotContaining("secret");
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("postgresql://u:secret@h"))
			.withMessageContaining("no database");
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("postgresql:///db"))
			.withMessageContaining("no host");
	}

}
