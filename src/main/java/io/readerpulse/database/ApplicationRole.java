package io.readerpulse.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;

/**
 * The role the service connects to the embedded server as: it reads and writes the rows of every table and
 * draws from every sequence, those of today and those later migrations create, and nothing more.
 * <p>
 * It owns nothing and is no superuser, so a connection of the service can neither read the server's files
 * nor change the schema. Migrations keep running as {@code postgres}, the owner of every table, which is
 * also what earlier versions left behind: upgraded clusters need no change of ownership.
 */
final class ApplicationRole {

	static final String NAME = "pulse";

	private static final String[] STATEMENTS = {
			"""
			do $$ begin
			    if not exists (select from pg_roles where rolname = 'pulse') then
			        create role pulse;
			    end if;
			end $$""",
			"alter role pulse login nosuperuser nocreatedb nocreaterole noreplication nobypassrls",
			"grant select, insert, update, delete on all tables in schema public to pulse",
			"grant usage, select on all sequences in schema public to pulse",
			"alter default privileges for role postgres in schema public"
					+ " grant select, insert, update, delete on tables to pulse",
			"alter default privileges for role postgres in schema public grant usage, select on sequences to pulse" };

	private ApplicationRole() {
	}

	/**
	 * Run at every start, not only the first: each statement can be repeated, so a start that was interrupted
	 * half-way is completed by the next one.
	 */
	static void ensure(Connection superuser, String password) throws SQLException {
		try (Statement statement = superuser.createStatement()) {
			for (String sql : STATEMENTS) {
				statement.execute(sql);
			}
		}
		// Hashed here, so that the password itself never reaches the server, nor its log.
		superuser.unwrap(PGConnection.class)
			.alterUserPassword(NAME, password.toCharArray(), ClientAuthentication.METHOD);
	}

}
