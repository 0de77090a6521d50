package io.readerpulse.view;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.ReaderPulseApplication;
import io.readerpulse.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * One script that makes up a new visitor id for every beacon counts as at most so many visitors (5 here),
 * while readers at other addresses still count.
 */
class VisitorCapIT {

	private static ConfigurableApplicationContext context;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		String[] database = TestDatabase.springProperties();
		context = new SpringApplicationBuilder(ReaderPulseApplication.class)
			.properties("server.port=0", "pulse.demo=false", database[0], database[1], database[2],
					"server.forward-headers-strategy=framework", "PULSE_VISITORS_PER_ADDRESS=5",
					"pulse.views.flush-interval=200ms")
			.run();
		client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
			.build();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void madeUpVisitorsFromOneAddressCountUpToTheCap() {
		String slug = "capped-" + Long.toString(System.nanoTime(), 36);
		context.getBean(DatabaseClient.class).sql("""
				with a as (insert into article (slug, title, url, published_at, updated_at)
				           values (:slug, 'Capped', 'https://news.example.com/capped', now(), now()) returning id)
				insert into article_stats (article_id) select id from a""").bind("slug", slug).then().block();
		for (int i = 0; i < 50; i++) {
			view(slug, "203.0.113.50", "made-up-" + i);
		}
		view(slug, "203.0.113.51", "a-real-reader");
		view(slug, "198.51.100.7", "another-real-reader");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> client.get().uri("/api/articles/{slug}", slug)
			.exchange()
			.expectBody().jsonPath("$.stats.views").isEqualTo(7));
	}

	private static void view(String slug, String address, String visitor) {
		client.post().uri("/api/articles/{slug}/views", slug)
			.header("X-Forwarded-For", address)
			.header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36")
			.header("X-Visitor-Id", visitor)
			.exchange()
			.expectStatus().isAccepted();
	}

}
