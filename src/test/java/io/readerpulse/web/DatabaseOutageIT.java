package io.readerpulse.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.TcpProxy;
import io.readerpulse.TestInstance;
import io.readerpulse.TestDatabase;
import io.readerpulse.database.DatabaseUrl;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * While the database is away every endpoint that needs it answers 503 with {@code Retry-After}, soon, and
 * the service works again as soon as the database is back.
 */
class DatabaseOutageIT {

	private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/120.0.0.0 Safari/537.36";

	private static TcpProxy proxy;

	private static TestInstance service;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		DatabaseUrl url = TestDatabase.url();
		proxy = new TcpProxy(url.host(), url.port());
		DatabaseUrl proxied = new DatabaseUrl("127.0.0.1", proxy.port(), url.database(), url.username(), url.password(),
				url.query());
		service = TestInstance.start(proxied);
		client = service.client().mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@AfterAll
	static void stop() {
		proxy.restore();
		service.close();
		proxy.close();
	}

	@Test
	void whileTheDatabaseIsAwayRequestsThatNeedItGet503WithRetryAfterAndAllWorksWhenItIsBack() {
		String slug = service.newStory("outage");
		client.get().uri("/api/articles/{slug}", slug).exchange().expectStatus().isOk();
		view(slug, "reader-before");

		proxy.cut();
		long started = System.nanoTime();
		client.post().uri("/api/articles/{slug}/comments", slug)
			.bodyValue(Map.of("name", "Ann", "email", "ann@example.com", "body", "Is the site down?"))
			.exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().exists("Retry-After")
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		client.get().uri("/api/articles/{slug}", slug).exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().exists("Retry-After");
		client.get().uri("/api/articles").exchange().expectStatus().isEqualTo(503);
		client.get().uri("/api/trending").exchange().expectStatus().isEqualTo(503);
		org.assertj.core.api.Assertions.assertThat(Duration.ofNanos(System.nanoTime() - started))
			.as("answered within a bounded time").isLessThan(Duration.ofSeconds(30));
		// A beacon for a story already known is taken, and written once the database is back.
		view(slug, "reader-during");

		proxy.restore();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client.post()
			.uri("/api/articles/{slug}/comments", slug)
			.bodyValue(Map.of("name", "Ann", "email", "ann@example.com", "body", "It is back " + System.nanoTime()))
			.exchange()
			.expectStatus().isCreated());
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client.get().uri("/api/articles/{slug}", slug)
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.stats.views").isEqualTo(2));
	}

	private static void view(String slug, String visitor) {
		client.post().uri("/api/articles/{slug}/views", slug)
			.header("User-Agent", BROWSER)
			.header("X-Visitor-Id", visitor)
			.exchange()
			.expectStatus().isAccepted();
	}

}
