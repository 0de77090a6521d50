package io.readerpulse.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.readerpulse.TestDatabase;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Who may connect to the embedded server: only who holds the passwords in the data folder, and the service
 * only as a role that is no superuser; a folder of an earlier version, which let everyone in, included.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedServerAccessIT {

	private Path dataDirectory;

	private final List<EmbeddedPostgresServer> servers = new ArrayList<>();

	@BeforeEach
	void createFolder() throws IOException {
		this.dataDirectory = Files.createTempDirectory("reader-pulse-access").resolve("postgres");
	}

	@AfterEach
	void stopServers() {
		this.servers.forEach(EmbeddedPostgresServer::close);
		TestDatabase.deleteRecursively(this.dataDirectory.getParent());
	}

	@Test
	void aConnectionWithoutThePasswordIsRefused() throws Exception {
		EmbeddedPostgresServer server = start();

		assertRefused(server.port(), "postgres", "");
		assertRefused(server.port(), "postgres", "guessed");
		assertRefused(server.port(), "pulse", "");
		try (Connection connection = DriverManager.getConnection(jdbcUrl(server.port()), "postgres",
				passwordLine(0))) {
			assertThat(connection.isValid(5)).isTrue();
		}
	}

	@Test
	void thePasswordFileIsReadableByItsOwnerOnlyAndKeptSoAcrossRestarts() throws IOException {
		start().close();
		Path file = this.dataDirectory.resolveSibling("postgres-password");
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		start();
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
	}

	@Test
	void theServiceRoleWorksWithTheRowsButIsNoSuperuserAndCannotChangeTheSchema() throws SQLException {
		EmbeddedPostgresServer server = start();
		try (Connection administrator = connect(server.administratorUrl())) {
			administrator.createStatement().execute("create table story (id bigint generated always as identity, title text)");
		}

		try (Connection service = connect(server.applicationUrl())) {
			assertThat(query(service, "select current_user")).isEqualTo("pulse");
			assertThat(query(service, "select rolsuper::text from pg_roles where rolname = current_user")).isEqualTo("false");
			service.createStatement().execute("insert into story (title) values ('written by the service')");
			assertThat(query(service, "select title from story")).isEqualTo("written by the service");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> service.createStatement().execute("drop table story"));
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> service.createStatement().execute("create table planted (x int)"));
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> query(service, "select pg_read_file('postgresql.conf')"));
		}
	}

	@Test
	void aFolderOfAnEarlierVersionAsksForPasswordsFromItsNextStartAndKeepsItsData(CapturedOutput output)
			throws Exception {
		// What earlier versions ran: the library's defaults, which let every local user in as anyone.
		try (EmbeddedPostgres earlier = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.start(); Connection connection = earlier.getPostgresDatabase().getConnection()) {
			connection.createStatement().execute("create table kept (note text)");
			connection.createStatement().execute("insert into kept values ('written by an earlier version')");
		}
		assertThat(this.dataDirectory.resolveSibling("postgres-password")).doesNotExist();

		EmbeddedPostgresServer upgraded = start();
		assertRefused(upgraded.port(), "postgres", "");
		try (Connection service = connect(upgraded.applicationUrl())) {
			assertThat(query(service, "select note from kept")).isEqualTo("written by an earlier version");
		}
		assertThat(Files.readAllLines(this.dataDirectory.resolve("pg_hba.conf")))
			.filteredOn((line) -> !line.isBlank() && !line.startsWith("#"))
			.isNotEmpty()
			.allMatch((rule) -> rule.endsWith("scram-sha-256"));
		upgraded.close();

		EmbeddedPostgresServer restarted = start();
		assertRefused(restarted.port(), "postgres", "");
		try (Connection administrator = connect(restarted.administratorUrl())) {
			assertThat(query(administrator, "select note from kept")).isEqualTo("written by an earlier version");
		}
		assertThat(output.getAll()).doesNotContain(passwordLine(0)).doesNotContain(passwordLine(1));
	}

	@Test
	void aClusterThatAsksForPasswordsIsNotStartedWithoutItsPasswordFile() throws IOException {
		start().close();
		Files.delete(this.dataDirectory.resolveSibling("postgres-password"));

		assertThatIllegalStateException().isThrownBy(this::start)
			.withMessageContaining("postgres-password")
			.withMessageContaining("is missing");
	}

	private EmbeddedPostgresServer start() {
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(this.dataDirectory, false);
		this.servers.add(server);
		return server;
	}

	private String passwordLine(int line) throws IOException {
		return Files.readAllLines(this.dataDirectory.resolveSibling("postgres-password")).get(line);
	}

	private static void assertRefused(int port, String user, String password) {
		assertThatExceptionOfType(SQLException.class).as("%s with password '%s'", user, password)
			.isThrownBy(() -> DriverManager.getConnection(jdbcUrl(port), user, password).close());
	}

	private static String jdbcUrl(int port) {
		return "jdbc:postgresql://localhost:" + port + "/postgres";
	}

	private static Connection connect(DatabaseUrl url) throws SQLException {
		return DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (ResultSet result = connection.createStatement().executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

}
