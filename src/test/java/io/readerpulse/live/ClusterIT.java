package io.readerpulse.live;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.ReaderPulseApplication;
import io.readerpulse.SseStream;
import io.readerpulse.TestDatabase;
import io.readerpulse.live.Stats;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static io.readerpulse.SseStream.named;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one database, as behind a load balancer: what a reader does on one reaches the readers of
 * the other, live.
 */
class ClusterIT extends IntegrationTest {

	private static ConfigurableApplicationContext other;

	@BeforeAll
	static void startAnotherInstance() {
		other = new SpringApplicationBuilder(ReaderPulseApplication.class)
			.properties("server.port=0", "pulse.demo=false", "pulse.live.heartbeat=1s")
			.properties(TestDatabase.springProperties())
			.run();
	}

	@AfterAll
	static void stopIt() {
		if (other != null) {
			other.close();
		}
	}

	@Test
	void commentsReactionsAndViewsOnOneInstanceReachReadersOfTheOther() {
		String slug = newArticle();
		try (SseStream stream = otherInstance().path("/api/articles/{slug}/stream?lastEventId=0", slug).open()) {
			stream.awaitEvent(named("stats"), Duration.ofSeconds(10));
			String posted = this.client.post().uri("/api/articles/{slug}/comments", slug)
				.bodyValue(Map.of("name", "Reader", "email", "reader-" + unique() + "@example.com", "body", "Hello, other side"))
				.exchange()
				.expectStatus().isCreated()
				.expectBody(String.class).returnResult().getResponseBody();
			stream.awaitEvent((e) -> "comment".equals(e.name()) && posted.equals(e.data()), Duration.ofSeconds(10));
			stream.awaitLatest("stats", (e) -> e.as(Stats.class).comments() == 1, Duration.ofSeconds(10));

			String token = deviceToken();
			this.client.put().uri("/api/articles/{slug}/reaction", slug)
				.headers((headers) -> headers.setBearerAuth(token))
				.bodyValue(Map.of("kind", "wow"))
				.exchange()
				.expectStatus().isOk();
			stream.awaitLatest("stats", (e) -> e.as(Stats.class).reactions().wow() == 1, Duration.ofSeconds(10));

			// A view counted here reaches the reader there (once that instance has told it has a reader).
			await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(slug).readingNow() == 1);
			this.client.post().uri("/api/articles/{slug}/views", slug)
				.header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36")
				.header("X-Visitor-Id", "visitor-" + unique())
				.exchange()
				.expectStatus().isAccepted();
			stream.awaitLatest("stats", (e) -> e.as(Stats.class).views() == 1, Duration.ofSeconds(10));
		}
	}

	@Test
	void readingNowCountsTheReadersOfEveryInstance() {
		String slug = newArticle();
		try (SseStream there = otherInstance().path("/api/articles/{slug}/stream", slug).open()) {
			// Nobody reads it on this instance yet; the other one has a reader.
			await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(slug).readingNow() == 1);
			try (SseStream here = openStream("/api/articles/{slug}/stream", slug)) {
				here.awaitLatest("stats", (e) -> e.as(Stats.class).readingNow() == 2, Duration.ofSeconds(10));
				there.close();
				here.awaitLatest("stats", (e) -> e.as(Stats.class).readingNow() == 1, Duration.ofSeconds(15));
			}
		}
	}

	/** A stream of the other instance, its data read as this one reads it. */
	private SseStream.Builder otherInstance() {
		return SseStream.from("http://localhost:" + other.getEnvironment().getProperty("local.server.port")).json(this.json);
	}

}
