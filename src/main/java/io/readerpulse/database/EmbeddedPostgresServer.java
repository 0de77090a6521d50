package io.readerpulse.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries that Maven delivered, keeping its data in a folder of
 * the user's choice so that it survives restarts.
 * <p>
 * It copes with what a developer's machine leaves behind: a server still running because the previous
 * JVM was killed, and a stale {@code postmaster.pid}. It refuses, with a clear message, a folder that a
 * live process is using.
 * <p>
 * Every connection needs a password (see {@link ServerPasswords}), and the service connects as a role that
 * is no superuser (see {@link ApplicationRole}). A cluster created by an earlier version, which let every
 * local user in, is switched over on its first start, its data kept.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	// Ports from 32768 up are handed out as ephemeral client ports and may be stuck in TIME_WAIT.
	private static final int FIRST_PORT = 20000;

	private static final int PORT_RANGE = 12000;

	private static final String DATABASE = "postgres";

	private final EmbeddedPostgres postgres;

	private final Path dataDirectory;

	private final ServerPasswords passwords;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, ServerPasswords passwords) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
		this.passwords = passwords;
	}

	/**
	 * Starts a server on the given data folder, creating the cluster on first use.
	 * @param dataDirectory the folder holding the cluster
	 * @param durable whether commits are flushed to disk before they are acknowledged; only throwaway test
	 * databases should pass {@code false}
	 * @return the running server
	 * @throws IllegalStateException if the folder is in use or the server cannot start
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable) {
		Path directory = dataDirectory.toAbsolutePath().normalize();
		long started = System.nanoTime();
		DataFolder.ensureNotInUse(directory);
		ClusterSecurity security = ClusterSecurity.prepare(directory);
		try {
			DataFolder.stopOrphanedServer(directory);
			int port = freePort();
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				.setPort(port)
				// The Spring context stops the server after everything that writes has flushed; the
				// library's own hook would race with that.
				.setRegisterShutdownHook(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("fsync", durable ? "on" : "off")
				.setServerConfig("synchronous_commit", durable ? "on" : "off")
				.setServerConfig("max_connections", "200")
				// The library hands these to initdb as --name=value, its only way to pass initdb options:
				// a new cluster asks for passwords from its very first moment.
				.setLocaleConfig("auth", ClientAuthentication.METHOD)
				.setLocaleConfig("pwfile", security.passwordFile().toString())
				// How the library checks that the server is up.
				.setConnectConfig("password", security.passwords().administrator())
				.start();
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, directory, security.passwords());
			try {
				security.apply(server.administratorUrl());
			}
			catch (SQLException | IOException | RuntimeException ex) {
				// Nobody else would stop it: the caller never gets this server.
				server.close();
				throw ex;
			}
			logger.info("Embedded PostgreSQL ready on port {} with data in {} ({} ms)", port, directory,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
			return server;
		}
		catch (IOException | SQLException | RuntimeException ex) {
			throw new IllegalStateException(explain(directory), ex);
		}
	}

	/**
	 * The port the server listens on, on the loopback interface.
	 * @return the port
	 */
	public int port() {
		return this.postgres.getPort();
	}

	/**
	 * Where the service connects: the {@code postgres} database as a role that is no superuser.
	 * @return the server's location with the application role's credentials
	 */
	public DatabaseUrl applicationUrl() {
		return new DatabaseUrl("localhost", port(), DATABASE, ApplicationRole.NAME, this.passwords.application(), null);
	}

	/**
	 * Where migrations connect: the {@code postgres} database as its superuser, the owner of every table.
	 * @return the server's location with the superuser's credentials
	 */
	public DatabaseUrl administratorUrl() {
		return new DatabaseUrl("localhost", port(), DATABASE, "postgres", this.passwords.administrator(), null);
	}

	/**
	 * The folder holding the cluster.
	 * @return the data folder
	 */
	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/**
	 * Stops the server with a fast shutdown; committed data stays in the data folder.
	 */
	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		// Start at a random place so that two services starting at once do not race for one port.
		int offset = ThreadLocalRandom.current().nextInt(PORT_RANGE);
		for (int i = 0; i < 500; i++) {
			int port = FIRST_PORT + (offset + i) % PORT_RANGE;
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(false);
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
				return port;
			}
			catch (IOException ex) {
				// taken: try the next one
			}
		}
		throw new IllegalStateException("No free port for the embedded PostgreSQL between " + FIRST_PORT + " and "
				+ (FIRST_PORT + PORT_RANGE));
	}

	private static String explain(Path directory) {
		String message = "The embedded PostgreSQL could not start with data in " + directory + ".";
		if ("root".equals(System.getProperty("user.name"))) {
			message += " PostgreSQL refuses to run as root; the embedded server then runs it in a user namespace "
					+ "(unshare -U). If this machine does not allow user namespaces, run as a normal user.";
		}
		return message + " To use your own server instead, set PULSE_DATABASE_URL.";
	}

}
