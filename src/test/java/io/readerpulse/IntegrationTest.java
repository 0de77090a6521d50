package io.readerpulse;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.json.JsonMapper;

import io.readerpulse.article.Article;
import io.readerpulse.live.Stats;
import io.readerpulse.database.DatabaseUrl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the API-level tests: the whole service on a random port, over real HTTP, against the
 * PostgreSQL that {@link TestDatabase} resolves. All subclasses share one application context, except those
 * that move the clock: they are {@link OwnClock} and get one of their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pulse.security.cors-origins=https://news.example.com", "pulse.demo=false",
				"pulse.views.flush-interval=200ms", "pulse.live.heartbeat=1s", "pulse.trending.evaluate-interval=1s",
				"pulse.tokens.per-address-per-hour=100000", "pulse.comments.rate=100000",
				"pulse.comments.banned-words=forbiddenword,Verboten" })
@AutoConfigureWebTestClient
@Import(IntegrationTest.TestClock.class)
public abstract class IntegrationTest {

	/** A desktop browser's User-Agent: beacons from crawlers are not counted. */
	protected static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/120.0.0.0 Safari/537.36";

	/** A staff member's credentials. */
	public record Credentials(String username, String password) {
	}

	private static final Map<Role, Credentials> staff = new EnumMap<>(Role.class);

	/** Roles a test can sign in with. */
	public enum Role {

		/** Publishes stories. */
		EDITOR,

		/** Moderates comments. */
		MODERATOR,

		/** Does everything. */
		ADMIN

	}

	@Autowired
	protected WebTestClient client;

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected DatabaseClient database;

	@Autowired
	protected Environment environment;

	@Autowired
	private PasswordEncoder passwordEncoder;

	@Autowired
	protected JsonMapper json;

	/**
	 * The service's clock, which tests of an {@link OwnClock} class may move forward.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class TestClock {

		@Bean
		@Primary
		MutableClock testClock(Environment environment) {
			if (environment.containsProperty(OwnClock.PROPERTY)) {
				return new MutableClock();
			}
			return MutableClock.unmovable("This clock is shared by every test of the common context; "
					+ "annotate the test class with @OwnClock to get a context and a clock of its own to move.");
		}

	}

	/**
	 * Fails the test class if Netty found a buffer of the service's own that was never released (the tests run
	 * with paranoid leak detection, see the failsafe configuration); a leak found during one class may fail
	 * the next.
	 */
	@AfterAll
	static void noBufferOfTheServiceLeaked() {
		assertThat(ServerLeaks.found()).as("buffers of the service never released (Netty's access records)").isEmpty();
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		DatabaseUrl url = TestDatabase.url();
		registry.add("spring.r2dbc.url", url::r2dbcUrl);
		registry.add("spring.r2dbc.username", () -> String.valueOf(url.username()));
		registry.add("spring.r2dbc.password", () -> (url.password() != null) ? url.password() : "");
	}

	/**
	 * A staff account with the role, created in the database on first use.
	 * @param role the role
	 * @return its credentials
	 */
	protected Credentials staff(Role role) {
		synchronized (staff) {
			return staff.computeIfAbsent(role, this::createStaff);
		}
	}

	private Credentials createStaff(Role role) {
		Credentials credentials = new Credentials(role.name().toLowerCase() + "-" + unique(), "pw-" + UUID.randomUUID());
		this.database.sql("insert into staff_account (username, password_hash, role) values (:u, :h, :r)")
			.bind("u", credentials.username())
			.bind("h", this.passwordEncoder.encode(credentials.password()))
			.bind("r", role.name())
			.fetch()
			.rowsUpdated()
			.block();
		return credentials;
	}

	/**
	 * Signs the request in as a staff member with the role.
	 * @param role the role
	 * @param spec the request
	 * @param <S> the request's type
	 * @return the same request
	 */
	protected <S extends WebTestClient.RequestHeadersSpec<?>> S as(Role role, S spec) {
		Credentials credentials = staff(role);
		spec.headers((headers) -> headers.setBasicAuth(credentials.username(), credentials.password()));
		return spec;
	}

	/**
	 * Publishes a new story as an editor.
	 * @return its slug
	 */
	protected String newArticle() {
		String slug = "story-" + unique();
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", slug))
			.bodyValue(Map.of("title", "Story " + slug, "url", "https://news.example.com/" + slug))
			.exchange()
			.expectStatus().isCreated();
		return slug;
	}

	/**
	 * A story's id, for tests that work below the API.
	 * @param slug the story
	 * @return its id
	 */
	protected long articleId(String slug) {
		return this.database.sql("select id from article where slug = :slug")
			.bind("slug", slug)
			.map((row) -> row.get("id", Long.class))
			.one()
			.block();
	}

	/**
	 * A new device token, as a mobile app gets one.
	 * @return the token, for {@code Authorization: Bearer}
	 */
	protected String deviceToken() {
		Map<?, ?> issued = this.client.post().uri("/api/auth/device").exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class)
			.returnResult().getResponseBody();
		return String.valueOf(java.util.Objects.requireNonNull(issued).get("token"));
	}

	/**
	 * The story's stats as the API shows them now.
	 * @param slug the story
	 * @return its stats
	 */
	protected Stats statsOf(String slug) {
		Article article = this.client.get().uri("/api/articles/{slug}", slug).exchange()
			.expectStatus().isOk()
			.expectBody(Article.class).returnResult().getResponseBody();
		return java.util.Objects.requireNonNull(article).stats();
	}

	/**
	 * The port the service under test listens on.
	 * @return the port
	 */
	protected int port() {
		return Integer.parseInt(java.util.Objects.requireNonNull(this.environment.getProperty("local.server.port")));
	}

	/**
	 * Describes a server-sent-events stream of the service under test, its data read with the service's own
	 * JSON mapper.
	 * @param uriTemplate the stream's path and query, such as {@code /api/articles/{slug}/stream}
	 * @param uriVariables the template's values
	 * @return the stream's builder, to {@link SseStream.Builder#open() open}
	 */
	protected SseStream.Builder sse(String uriTemplate, Object... uriVariables) {
		return SseStream.from("http://localhost:" + port()).json(this.json).path(uriTemplate, uriVariables);
	}

	/**
	 * Opens a server-sent-events stream of the service under test.
	 * @param uriTemplate the stream's path and query, such as {@code /api/articles/{slug}/stream}
	 * @param uriVariables the template's values
	 * @return the open stream, to close
	 */
	protected SseStream openStream(String uriTemplate, Object... uriVariables) {
		return sse(uriTemplate, uriVariables).open();
	}

	/**
	 * A suffix that keeps test data of concurrent runs and of other tests apart.
	 * @return a short random string of lower-case letters and digits
	 */
	protected static String unique() {
		return Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
	}

}
