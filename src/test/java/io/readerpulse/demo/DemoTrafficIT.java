package io.readerpulse.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.readerpulse.ReaderPulseApplication;
import io.readerpulse.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * With {@code PULSE_DEMO_TRAFFIC} on, simulated readers make the newest stories move, through the public API.
 * <p>
 * The instance runs outside the test context cache and stops with the test: its readers pick the newest
 * stories, and must be gone before other tests create theirs.
 */
class DemoTrafficIT {

	@Test
	void simulatedReadersViewTheNewestStories() {
		try (ConfigurableApplicationContext demo = new SpringApplicationBuilder(ReaderPulseApplication.class)
			.properties("server.port=0", "pulse.demo=false", "pulse.demo.traffic=true", "pulse.views.flush-interval=200ms")
			.properties(TestDatabase.springProperties())
			.run()) {
			String slug = "demo-traffic-" + System.nanoTime();
			DatabaseClient database = demo.getBean(DatabaseClient.class);
			database
				.sql("with a as (insert into article (slug, title, url, published_at, updated_at) values (:slug, "
						+ "'Demo traffic', 'https://news.example.com/demo', now() + interval '1 hour', now()) returning id) "
						+ "insert into article_stats (article_id) select id from a")
				.bind("slug", slug)
				.fetch()
				.rowsUpdated()
				.block();
			WebTestClient client = WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + demo.getEnvironment().getProperty("local.server.port"))
				.build();
			try {
				// Other tests may have dated stories further ahead; the demo readers view the newest six.
				long before = newestViews(client);
				await().atMost(Duration.ofSeconds(30)).until(() -> newestViews(client) > before + 5);
			}
			finally {
				// Dated an hour ahead so that there is a new story to view; gone again before other tests list stories.
				database.sql("delete from article where slug = :slug").bind("slug", slug).fetch().rowsUpdated().block();
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static long newestViews(WebTestClient client) {
		Map<String, Object> page = client.get().uri("/api/articles?limit=6").exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		return ((List<Map<String, Object>>) page.get("items")).stream()
			.mapToLong((article) -> ((Number) ((Map<String, Object>) article.get("stats")).get("views")).longValue())
			.sum();
	}

}
