package io.readerpulse.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL location in the one-line form operators know from libpq and most hosting providers,
 * {@code postgresql://user:password@host:port/database?sslmode=require}, translated into the R2DBC URL the
 * application uses and the JDBC URL Flyway migrates with.
 *
 * @param host the server host name or address
 * @param port the server port
 * @param database the database name
 * @param username the role to connect as, if given
 * @param password the role's password, if given
 * @param query the query string without {@code ?}, passed on as driver options, if given
 */
public record DatabaseUrl(String host, int port, String database, @Nullable String username,
		@Nullable String password, @Nullable String query) {

	private static final int DEFAULT_PORT = 5432;

	/**
	 * Parses {@code postgresql://} (or {@code postgres://}) URLs; user, password and port are optional.
	 * @param url the URL to parse
	 * @return the parsed location
	 * @throws IllegalArgumentException if the URL is not a PostgreSQL URL with a host and a database
	 */
	public static DatabaseUrl parse(String url) {
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw invalid("it is not a URL");
		}
		if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
			throw invalid("it must start with postgresql://");
		}
		String host = uri.getHost();
		String path = uri.getRawPath();
		if (host == null || host.isEmpty()) {
			throw invalid("it names no host");
		}
		if (path == null || path.length() < 2) {
			throw invalid("it names no database");
		}
		String username = null;
		String password = null;
		String userInfo = uri.getRawUserInfo();
		if (userInfo != null && !userInfo.isEmpty()) {
			int colon = userInfo.indexOf(':');
			username = decode((colon < 0) ? userInfo : userInfo.substring(0, colon));
			password = (colon < 0) ? null : decode(userInfo.substring(colon + 1));
		}
		int port = (uri.getPort() > 0) ? uri.getPort() : DEFAULT_PORT;
		return new DatabaseUrl(host, port, decode(path.substring(1)), username, password, uri.getRawQuery());
	}

	/**
	 * Parses the location out of an R2DBC URL such as {@code r2dbc:pool:postgresql://host/db}.
	 * @param r2dbcUrl the R2DBC URL
	 * @return the parsed location
	 */
	public static DatabaseUrl parseR2dbc(String r2dbcUrl) {
		String url = r2dbcUrl.trim();
		url = url.startsWith("r2dbc:") ? url.substring("r2dbc:".length()) : url;
		url = url.startsWith("pool:") ? url.substring("pool:".length()) : url;
		return parse(url);
	}

	/**
	 * The same location with other credentials.
	 * @param username the role to connect as
	 * @param password the role's password
	 * @return a copy with the given credentials
	 */
	public DatabaseUrl withCredentials(@Nullable String username, @Nullable String password) {
		return new DatabaseUrl(this.host, this.port, this.database, username, password, this.query);
	}

	/**
	 * The URL for r2dbc-postgresql, without credentials (they travel as separate properties).
	 * @return the R2DBC URL
	 */
	public String r2dbcUrl() {
		// r2dbc-postgresql spells libpq's sslmode in camel case.
		String options = (this.query != null) ? "?" + this.query.replace("sslmode=", "sslMode=") : "";
		return "r2dbc:postgresql://" + hostAndPort() + "/" + this.database + options;
	}

	/**
	 * The URL for the PostgreSQL JDBC driver, without credentials.
	 * @return the JDBC URL
	 */
	public String jdbcUrl() {
		// The JDBC driver spells it the libpq way, whichever form the URL came in.
		String options = (this.query != null) ? "?" + this.query.replace("sslMode=", "sslmode=") : "";
		return "jdbc:postgresql://" + hostAndPort() + "/" + this.database + options;
	}

	private String hostAndPort() {
		String host = this.host.contains(":") && !this.host.startsWith("[") ? "[" + this.host + "]" : this.host;
		return host + ":" + this.port;
	}

	@Override
	public String toString() {
		// Never print the password: this value ends up in log lines and exception messages.
		return "postgresql://" + ((this.username != null) ? this.username + "@" : "") + hostAndPort() + "/"
				+ this.database;
	}

	private static String decode(String value) {
		// Percent-decoding only: in a URL's user info and path a '+' is a plus, not a space.
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static IllegalArgumentException invalid(String reason) {
		// The URL itself is left out on purpose: it usually carries a password.
		return new IllegalArgumentException(
				"The database URL is not valid (" + reason + "); expected postgresql://user:password@host:port/database");
	}

}
