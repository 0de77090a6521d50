package io.readerpulse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.readerpulse.database.DatabaseUrl;
import io.readerpulse.database.EmbeddedPostgresServer;

/**
 * The one place integration tests get PostgreSQL from, resolved once per test JVM:
 * {@code TEST_DATABASE_URL} if set, else a Testcontainers PostgreSQL if Docker is available, else an
 * embedded PostgreSQL in a temporary folder. Every test runs the same in all three modes; tests share the
 * database, so each one creates its own uniquely named data.
 */
public final class TestDatabase {

	/** Where the database comes from. */
	public enum Mode {

		/** {@code TEST_DATABASE_URL}: a server someone runs for the tests. */
		EXTERNAL,

		/** A throwaway container. */
		TESTCONTAINERS,

		/** A throwaway embedded server. */
		EMBEDDED

	}

	private static final String POSTGRES_IMAGE = "postgres:17-alpine";

	/**
	 * A resolved database.
	 *
	 * @param mode where it comes from
	 * @param url where to connect
	 */
	public record Resolved(Mode mode, DatabaseUrl url) {
	}

	private static Resolved resolved;

	private TestDatabase() {
	}

	/**
	 * The database for this test JVM, started on first use.
	 * @return where to connect
	 */
	public static synchronized DatabaseUrl url() {
		if (resolved == null) {
			resolved = resolve(System.getenv(), TestDatabase::dockerAvailable);
		}
		return resolved.url();
	}

	/**
	 * The connection settings for this test JVM's database, for a service started outside the test context
	 * (a second instance, say).
	 * @return {@code spring.r2dbc.*} properties as {@code name=value}
	 */
	public static String[] springProperties() {
		DatabaseUrl url = url();
		return new String[] { "spring.r2dbc.url=" + url.r2dbcUrl(), "spring.r2dbc.username=" + url.username(),
				"spring.r2dbc.password=" + ((url.password() != null) ? url.password() : "") };
	}

	static Resolved resolve(Map<String, String> environment, BooleanSupplier dockerAvailable) {
		Mode mode = choose(environment, dockerAvailable);
		DatabaseUrl url = switch (mode) {
			case EXTERNAL -> DatabaseUrl.parse(environment.get("TEST_DATABASE_URL"));
			case TESTCONTAINERS -> startContainer();
			case EMBEDDED -> startEmbedded();
		};
		return new Resolved(mode, url);
	}

	static Mode choose(Map<String, String> environment, BooleanSupplier dockerAvailable) {
		String external = environment.get("TEST_DATABASE_URL");
		if (external != null && !external.isBlank()) {
			return Mode.EXTERNAL;
		}
		return dockerAvailable.getAsBoolean() ? Mode.TESTCONTAINERS : Mode.EMBEDDED;
	}

	private static DatabaseUrl startContainer() {
		PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
		container.start();
		Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
		return new DatabaseUrl(container.getHost(), container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
				container.getDatabaseName(), container.getUsername(), container.getPassword(), null);
	}

	private static DatabaseUrl startEmbedded() {
		try {
			Path directory = Files.createTempDirectory("reader-pulse-test-db");
			// A folder of its own, so that the password file beside the cluster goes with it.
			EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory.resolve("postgres"), false);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				server.close();
				deleteRecursively(directory);
			}));
			// The superuser: some tests stage what no request could, and the server is thrown away after.
			return server.administratorUrl();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Deletes a folder and everything in it, ignoring what is already gone.
	 * @param directory the folder
	 */
	public static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// best effort: it is a temporary folder
		}
	}

}
