package io.readerpulse.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.readerpulse.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EmbeddedPostgresServerIT {

	private Path dataDirectory;

	private final List<EmbeddedPostgresServer> servers = new ArrayList<>();

	@BeforeEach
	void createFolder() throws IOException {
		this.dataDirectory = Files.createTempDirectory("reader-pulse-embedded").resolve("postgres");
	}

	@AfterEach
	void stopServers() {
		this.servers.forEach(EmbeddedPostgresServer::close);
		TestDatabase.deleteRecursively(this.dataDirectory.getParent());
	}

	@Test
	void dataSurvivesARestart() throws SQLException {
		EmbeddedPostgresServer first = start();
		execute(first, "create table kept (note text)");
		execute(first, "insert into kept values ('still here')");
		first.close();

		EmbeddedPostgresServer second = start();
		assertThat(queryString(second, "select note from kept")).isEqualTo("still here");
	}

	@Test
	void serverLeftRunningByAKilledJvmIsStoppedAndTheNextStartWorks() throws Exception {
		Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), ServerInChildProcess.class.getName(),
				this.dataDirectory.toString())
			.redirectErrorStream(true)
			.start();
		awaitReady(child);
		child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		long orphanPid = Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim());
		assertThat(ProcessHandle.of(orphanPid)).as("the killed JVM's server keeps running").isPresent();

		EmbeddedPostgresServer server = start();

		assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).as("the orphan was stopped").isEmpty();
		assertThat(queryString(server, "select note from survivor")).isEqualTo("written before the kill");
	}

	@Test
	void stalePidFileIsIgnored() throws Exception {
		EmbeddedPostgresServer first = start();
		execute(first, "create table kept (note text)");
		first.close();
		// A pid that cannot be a postgres server any more: a process that has finished.
		Process finished = new ProcessBuilder("true").start();
		finished.waitFor();
		Files.writeString(this.dataDirectory.resolve("postmaster.pid"),
				finished.pid() + "\n" + this.dataDirectory + "\n0\n5432\n");

		EmbeddedPostgresServer second = start();
		assertThat(queryString(second, "select count(*)::text from kept")).isEqualTo("0");
	}

	@Test
	void folderInUseByARunningServerIsRefusedClearly() {
		start();
		assertThatIllegalStateException().isThrownBy(() -> EmbeddedPostgresServer.start(this.dataDirectory, false))
			.withMessageContaining("in use by another running Reader Pulse")
			.withMessageContaining("PULSE_DATA_DIR");
	}

	@Test
	void twoServersInDifferentFoldersGetDifferentPorts() throws IOException {
		Path other = Files.createTempDirectory("reader-pulse-embedded-other");
		try {
			EmbeddedPostgresServer first = start();
			EmbeddedPostgresServer second = EmbeddedPostgresServer.start(other.resolve("postgres"), false);
			this.servers.add(second);
			assertThat(second.port()).isNotEqualTo(first.port()).isLessThan(32768);
		}
		finally {
			TestDatabase.deleteRecursively(other);
		}
	}

	private EmbeddedPostgresServer start() {
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(this.dataDirectory, false);
		this.servers.add(server);
		return server;
	}

	private static void awaitReady(Process child) throws IOException {
		BufferedReader output = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
		StringBuilder seen = new StringBuilder();
		String line;
		while ((line = output.readLine()) != null) {
			if (line.startsWith("READY")) {
				// Keep draining: the orphaned server inherits this pipe and must never block on it.
				Thread drain = new Thread(() -> output.lines().forEach((ignored) -> { }));
				drain.setDaemon(true);
				drain.start();
				return;
			}
			seen.append(line).append('\n');
		}
		throw new IllegalStateException("The child JVM ended before its server was ready:\n" + seen);
	}

	private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
		try (Connection connection = connect(server)) {
			connection.createStatement().execute(sql);
		}
	}

	private static String queryString(EmbeddedPostgresServer server, String sql) throws SQLException {
		try (Connection connection = connect(server); ResultSet result = connection.createStatement().executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

	private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
		DatabaseUrl url = server.administratorUrl();
		return DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
	}

}
