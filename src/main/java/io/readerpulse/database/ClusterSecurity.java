package io.readerpulse.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * What keeps the embedded cluster to the service alone: its passwords, known before the server starts,
 * and once it runs, the service's own role and, for a cluster of an earlier version, password
 * authentication.
 */
final class ClusterSecurity {

	private final Path cluster;

	private final Path passwordFile;

	private final ServerPasswords passwords;

	private final boolean trusting;

	private ClusterSecurity(Path cluster, Path passwordFile, ServerPasswords passwords, boolean trusting) {
		this.cluster = cluster;
		this.passwordFile = passwordFile;
		this.passwords = passwords;
		this.trusting = trusting;
	}

	/**
	 * Refuses a cluster that asks for passwords when the file holding them is gone: new passwords would lock
	 * the service out of its data for good.
	 */
	static ClusterSecurity prepare(Path cluster) {
		Path passwordFile = ServerPasswords.fileFor(cluster);
		try {
			boolean trusting = ClientAuthentication.trustsAnyone(cluster);
			if (!trusting && Files.exists(cluster.resolve("postgresql.conf")) && !Files.exists(passwordFile)) {
				throw new IllegalStateException("The embedded PostgreSQL in " + cluster
						+ " asks for passwords, but the file that holds them, " + passwordFile
						+ ", is missing. Put it back from where it was copied or backed up.");
			}
			return new ClusterSecurity(cluster, passwordFile, ServerPasswords.readOrCreate(passwordFile), trusting);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The data folder " + cluster + " cannot be used: " + ex.getMessage(), ex);
		}
	}

	Path passwordFile() {
		return this.passwordFile;
	}

	ServerPasswords passwords() {
		return this.passwords;
	}

	/**
	 * Run at every start, so that one that was interrupted half-way is completed by the next.
	 */
	void apply(DatabaseUrl administrator) throws SQLException, IOException {
		PGSimpleDataSource source = new PGSimpleDataSource();
		source.setUrl(administrator.jdbcUrl());
		source.setUser(administrator.username());
		source.setPassword(administrator.password());
		try (Connection superuser = source.getConnection()) {
			ApplicationRole.ensure(superuser, this.passwords.application());
			if (this.trusting) {
				ClientAuthentication.requirePasswords(superuser, this.cluster, this.passwords.administrator());
			}
		}
	}

}
