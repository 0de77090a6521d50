package io.readerpulse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;

import io.readerpulse.database.DatabaseUrl;
import io.readerpulse.live.StartupProgress;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A service instance of a test's own, for settings the shared test context cannot have (forwarded headers,
 * other limits, a database behind a proxy): on a random port, against the test database unless told
 * otherwise, without demo stories.
 */
public final class TestInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final WebTestClient client;

	private TestInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
			.build();
	}

	/**
	 * Starts an instance on the test database.
	 * @param properties further settings, as {@code name=value} (environment names work too)
	 * @return the running instance
	 */
	public static TestInstance start(String... properties) {
		return start(TestDatabase.url(), properties);
	}

	/**
	 * Starts an instance on the given database.
	 * @param database where the instance's connections go
	 * @param properties further settings, as {@code name=value}
	 * @return the running instance
	 */
	public static TestInstance start(DatabaseUrl database, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "pulse.demo=false",
				"spring.r2dbc.url=" + database.r2dbcUrl(), "spring.r2dbc.username=" + database.username(),
				"spring.r2dbc.password=" + ((database.password() != null) ? database.password() : "")));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ReaderPulseApplication.class)
			.properties(all.toArray(String[]::new))
			.run();
		// Until its start-up tasks are done, an instance answers streams with "come back later".
		StartupProgress startup = context.getBean(StartupProgress.class);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(startup::done);
		return new TestInstance(context);
	}

	/**
	 * A client for the instance, over real HTTP.
	 * @return the client
	 */
	public WebTestClient client() {
		return this.client;
	}

	/**
	 * The port the instance listens on.
	 * @return the port
	 */
	public int port() {
		return Integer.parseInt(java.util.Objects.requireNonNull(this.context.getEnvironment().getProperty("local.server.port")));
	}

	/**
	 * The instance's application context.
	 * @return the context
	 */
	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * Stores a new story straight into the database, whoever the shared test database's staff are.
	 * @param prefix the start of its slug
	 * @return its slug
	 */
	public String newStory(String prefix) {
		String slug = prefix + "-" + Long.toString(System.nanoTime(), 36);
		this.context.getBean(DatabaseClient.class).sql("""
				with a as (insert into article (slug, title, url, published_at, updated_at)
				           values (:slug, :slug, 'https://news.example.com/' || :slug, now(), now()) returning id)
				insert into article_stats (article_id) select id from a""").bind("slug", slug).then().block();
		return slug;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
