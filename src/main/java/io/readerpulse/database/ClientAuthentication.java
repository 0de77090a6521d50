package io.readerpulse.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded cluster ({@code pg_hba.conf}): earlier versions let every local user in as
 * any role without a password; this finds such a cluster and makes it ask for passwords, data untouched.
 */
final class ClientAuthentication {

	private static final Logger logger = LoggerFactory.getLogger(ClientAuthentication.class);

	private static final String FILE = "pg_hba.conf";

	static final String METHOD = "scram-sha-256";

	// In the files initdb writes "trust" can only be the method: no database, role or address is named so.
	private static final Pattern TRUST = Pattern.compile("(?<=\\s)trust(?=\\s|$)");

	private ClientAuthentication() {
	}

	/**
	 * Whether the cluster lets anyone in without a password; {@code false} for a folder with no cluster yet.
	 */
	static boolean trustsAnyone(Path cluster) throws IOException {
		Path file = cluster.resolve(FILE);
		return Files.exists(file) && Files.readAllLines(file).stream()
			.anyMatch((line) -> TRUST.matcher(line.substring(0, ruleEnd(line))).find());
	}

	/**
	 * Gives the superuser its password and then switches every rule to password authentication. In that
	 * order, so that an interruption at any point leaves a cluster the next start can still enter and finish.
	 */
	static void requirePasswords(Connection superuser, Path cluster, String superuserPassword)
			throws SQLException, IOException {
		// Hashed here, so that the password itself never reaches the server, nor its log.
		superuser.unwrap(PGConnection.class).alterUserPassword("postgres", superuserPassword.toCharArray(), METHOD);
		Path file = cluster.resolve(FILE);
		List<String> lines = Files.readAllLines(file).stream()
			.map((line) -> TRUST.matcher(line.substring(0, ruleEnd(line))).replaceAll(METHOD)
					+ line.substring(ruleEnd(line)))
			.toList();
		PrivateFile.write(file, String.join("\n", lines) + "\n");
		try (Statement statement = superuser.createStatement()) {
			statement.execute("select pg_reload_conf()");
		}
		logger.info("The embedded PostgreSQL in {} now asks every connection for a password", cluster);
	}

	// A comment that mentions trust is no rule.
	private static int ruleEnd(String line) {
		int comment = line.indexOf('#');
		return (comment < 0) ? line.length() : comment;
	}

}
