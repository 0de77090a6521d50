package io.readerpulse.view;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.TestInstance;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * One script that makes up a new visitor id for every beacon counts as at most so many visitors (5 here),
 * while readers at other addresses still count; and new visitors beyond what one flush writes (2 here) are
 * written by the next flushes, every one of them.
 */
class VisitorCapIT {

	private static TestInstance service;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		service = TestInstance.start("server.forward-headers-strategy=framework", "PULSE_VISITORS_PER_ADDRESS=5",
				"pulse.views.flush-interval=200ms", "pulse.views.max-visitors-per-flush=2");
		client = service.client();
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void madeUpVisitorsFromOneAddressCountUpToTheCap() {
		String slug = service.newStory("capped");
		for (int i = 0; i < 50; i++) {
			view(slug, "203.0.113.50", "made-up-" + i);
		}
		view(slug, "203.0.113.51", "a-real-reader");
		view(slug, "198.51.100.7", "another-real-reader");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> client.get().uri("/api/articles/{slug}", slug)
			.exchange()
			.expectBody().jsonPath("$.stats.views").isEqualTo(7));
	}

	@Test
	void newVisitorsBeyondOneFlushAllCount() {
		String slug = service.newStory("crowded");
		for (int i = 0; i < 30; i++) {
			view(slug, "198.51.100." + (i + 10), "reader-" + i);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> client.get().uri("/api/articles/{slug}", slug)
			.exchange()
			.expectBody()
			.jsonPath("$.stats.views").isEqualTo(30)
			.jsonPath("$.stats.uniqueVisitors").isEqualTo(30));
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
