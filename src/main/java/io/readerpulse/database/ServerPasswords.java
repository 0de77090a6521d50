package io.readerpulse.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passwords of the embedded server's two roles, generated once and kept beside the cluster in a file
 * only its owner can read ({@code PULSE_DATA_DIR/postgres-password}).
 * <p>
 * The superuser's password is on the first line because that is the line {@code initdb --pwfile} reads;
 * the application role's is on the second.
 *
 * @param administrator the password of the {@code postgres} superuser
 * @param application the password of the role the service connects as
 */
record ServerPasswords(String administrator, String application) {

	private static final Logger logger = LoggerFactory.getLogger(ServerPasswords.class);

	private static final SecureRandom random = new SecureRandom();

	/**
	 * Beside the cluster rather than in it: initdb wants an empty folder, and the file must exist before
	 * initdb runs so that no moment passes with a cluster whose password is known nowhere.
	 */
	static Path fileFor(Path cluster) {
		return cluster.resolveSibling(cluster.getFileName() + "-password");
	}

	static ServerPasswords readOrCreate(Path file) throws IOException {
		if (Files.exists(file)) {
			return read(file);
		}
		ServerPasswords created = new ServerPasswords(generate(), generate());
		PrivateFile.write(file, created.administrator() + "\n" + created.application() + "\n");
		logger.info("Generated the embedded PostgreSQL's passwords into {}, readable by this user only", file);
		return created;
	}

	private static ServerPasswords read(Path file) throws IOException {
		PrivateFile.restrict(file);
		List<String> lines = Files.readAllLines(file).stream().map(String::strip).filter((line) -> !line.isEmpty())
			.toList();
		if (lines.size() < 2) {
			throw new IllegalStateException("The password file " + file
					+ " is damaged: it must hold the superuser's and the application's passwords, one a line.");
		}
		return new ServerPasswords(lines.get(0), lines.get(1));
	}

	private static String generate() {
		// 192 random bits in URL-safe characters: nothing to escape in a connection URL or a properties file.
		byte[] bytes = new byte[24];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Override
	public String toString() {
		// A record prints its components; these must never reach a log line or an exception message.
		return "ServerPasswords[hidden]";
	}

}
