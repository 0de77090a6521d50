package io.readerpulse.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Staff members' page sessions: a random id in an {@code HttpOnly}, {@code SameSite=Lax} cookie (and
 * {@code Secure} behind HTTPS), and in PostgreSQL only its SHA-256 hash, the account and the session's own
 * CSRF token. Any instance can check a session; a session ends when its staff member signs out, after
 * {@value #IDLE_HOURS} hours without a request (give or take {@value #SEEN_SECONDS} seconds), after
 * {@value #LIFETIME_DAYS} days in any case, or when the account is deleted. Roles are read from the account on
 * every request, so a changed role takes effect at once.
 * <p>
 * The API accepts a session too (the dashboard's stream, the moderation desk's actions), but a request that
 * changes anything is treated as signed in by its session only if it carries the session's token in
 * {@value #CSRF_HEADER}: a page of another site can make a browser send the cookie, never the token.
 */
@Component
final class StaffSessions {

	static final String COOKIE = "PULSE_SESSION";

	static final String CSRF_HEADER = "X-CSRF-Token";

	static final int IDLE_HOURS = 12;

	// How stale a session's last request may be in its row: the idle clock runs this much longer at most.
	static final int SEEN_SECONDS = 60;

	static final int LIFETIME_DAYS = 7;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final DatabaseClient database;

	StaffSessions(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * The repository for the pages' chain: reads sessions, and starts or ends them when staff sign in or out.
	 */
	ServerSecurityContextRepository forPages() {
		return new ServerSecurityContextRepository() {
			@Override
			public Mono<Void> save(ServerWebExchange exchange, @Nullable SecurityContext context) {
				return (context != null && context.getAuthentication() != null)
						? start(exchange, context.getAuthentication().getName()) : end(exchange);
			}

			@Override
			public Mono<SecurityContext> load(ServerWebExchange exchange) {
				return StaffSessions.this.load(exchange, false);
			}
		};
	}

	/**
	 * The repository for the API's chain: reads sessions (state-changing requests need the session's token
	 * too), never starts one: Basic and bearer credentials stay per request.
	 */
	ServerSecurityContextRepository forApi() {
		return new ServerSecurityContextRepository() {
			@Override
			public Mono<Void> save(ServerWebExchange exchange, @Nullable SecurityContext context) {
				return Mono.empty();
			}

			@Override
			public Mono<SecurityContext> load(ServerWebExchange exchange) {
				return StaffSessions.this.load(exchange, true);
			}
		};
	}

	private Mono<SecurityContext> load(ServerWebExchange exchange, boolean requireTokenForChanges) {
		ServerHttpRequest request = exchange.getRequest();
		HttpCookie cookie = request.getCookies().getFirst(COOKIE);
		if (cookie == null || cookie.getValue().isEmpty() || cookie.getValue().length() > 64) {
			return Mono.empty();
		}
		boolean changes = !(HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod())
				|| HttpMethod.OPTIONS.equals(request.getMethod()));
		String token = request.getHeaders().getFirst(CSRF_HEADER);
		if (requireTokenForChanges && changes && token == null) {
			return Mono.empty();
		}
		// A read, mostly: the idle clock is hours long, so the session's row is moved on at most once a
		// minute. Written on every request, each of a dashboard's requests would wait for a commit's flush
		// to disk, behind whatever else is being written.
		return this.database.sql("""
				with s as (
				    select id_hash, account_id, csrf_token, last_seen_at from staff_session
				    where id_hash = :hash and expires_at > now() and last_seen_at > now() - make_interval(hours => :idle)
				), seen as (
				    update staff_session t set last_seen_at = now()
				    from s where t.id_hash = s.id_hash and s.last_seen_at < now() - make_interval(secs => :seen)
				)
				select a.username, a.role, s.csrf_token from s join staff_account a on a.id = s.account_id""")
			.bind("hash", hash(cookie.getValue()))
			.bind("idle", IDLE_HOURS)
			.bind("seen", SEEN_SECONDS)
			.map((row) -> new StaffSession(row.get("username", String.class),
					StaffRole.valueOf(row.get("role", String.class)), row.get("csrf_token", String.class)))
			.one()
			.filter((session) -> !(requireTokenForChanges && changes) || session.acceptsToken(token))
			.map((session) -> {
				UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
						session.username(), null,
						session.role().grantedRoles().stream().map((role) -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
				authentication.setDetails(session);
				return new SecurityContextImpl(authentication);
			});
	}

	private Mono<Void> start(ServerWebExchange exchange, String username) {
		String id = random(32);
		return Mono.just(hash(id))
			.flatMap((hash) -> this.database.sql("""
					insert into staff_session (id_hash, account_id, csrf_token, expires_at)
					select :hash, id, :token, now() + make_interval(days => :days) from staff_account where username = :username""")
				.bind("hash", hash)
				.bind("token", random(32))
				.bind("days", LIFETIME_DAYS)
				.bind("username", username)
				.fetch()
				.rowsUpdated())
			.doOnNext((rows) -> exchange.getResponse().addCookie(cookie(exchange, id, null)))
			.then(prune());
	}

	private Mono<Void> end(ServerWebExchange exchange) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
		exchange.getResponse().addCookie(cookie(exchange, "", Duration.ZERO));
		if (cookie == null || cookie.getValue().length() > 64) {
			return Mono.empty();
		}
		return this.database.sql("delete from staff_session where id_hash = :hash")
			.bind("hash", hash(cookie.getValue()))
			.fetch()
			.rowsUpdated()
			.then();
	}

	// Sign-ins are rare: each deletes a few expired sessions, so none is kept long past its end.
	private Mono<Void> prune() {
		return this.database.sql("""
				delete from staff_session where id_hash in (
				    select id_hash from staff_session
				    where expires_at < now() or last_seen_at < now() - make_interval(hours => :idle)
				    order by expires_at limit 100)""")
			.bind("idle", IDLE_HOURS)
			.fetch()
			.rowsUpdated()
			.then();
	}

	private static ResponseCookie cookie(ServerWebExchange exchange, String value, @Nullable Duration maxAge) {
		ResponseCookie.ResponseCookieBuilder builder = ResponseCookie.from(COOKIE, value)
			.httpOnly(true)
			.sameSite("Lax")
			.path("/")
			.secure(isHttps(exchange));
		if (maxAge != null) {
			builder.maxAge(maxAge);
		}
		return builder.build();
	}

	static boolean isHttps(ServerWebExchange exchange) {
		// Behind a trusted proxy the request's scheme is the one the proxy was asked for.
		return exchange.getRequest().getSslInfo() != null || "https".equals(exchange.getRequest().getURI().getScheme());
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	// What is stored of a session id (also how the tests make a session of their own).
	static byte[] hash(String id) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
