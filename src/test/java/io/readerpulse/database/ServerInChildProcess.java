package io.readerpulse.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Started in a separate JVM by the tests: runs an embedded server, writes a row, says READY and waits to be
 * killed, so that the tests can leave a server behind the way a killed service does.
 */
public final class ServerInChildProcess {

	private ServerInChildProcess() {
	}

	public static void main(String[] args) throws SQLException, InterruptedException {
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), true);
		DatabaseUrl url = server.administratorUrl();
		try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password())) {
			connection.createStatement().execute("create table if not exists survivor (note text)");
			connection.createStatement().execute("insert into survivor values ('written before the kill')");
		}
		System.out.println("READY " + server.port());
		System.out.flush();
		Thread.currentThread().join();
	}

}
