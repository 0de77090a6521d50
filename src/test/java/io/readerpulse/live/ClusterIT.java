package io.readerpulse.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import io.readerpulse.IntegrationTest;
import io.readerpulse.ReaderPulseApplication;
import io.readerpulse.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one database, as behind a load balancer: what a reader does on one reaches the readers of
 * the other, live.
 */
class ClusterIT extends IntegrationTest {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

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
		WebClient otherInstance = WebClient.create("http://localhost:" + other.getEnvironment().getProperty("local.server.port"));
		List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
		Disposable stream = otherInstance.get().uri("/api/articles/{slug}/stream?lastEventId=0", slug)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(EVENT)
			.subscribe(events::add);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch((e) -> "stats".equals(e.event())));
			String posted = this.client.post().uri("/api/articles/{slug}/comments", slug)
				.bodyValue(Map.of("name", "Reader", "email", "reader-" + unique() + "@example.com", "body", "Hello, other side"))
				.exchange()
				.expectStatus().isCreated()
				.expectBody(String.class).returnResult().getResponseBody();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> events.stream().anyMatch((e) -> "comment".equals(e.event()) && posted.equals(e.data())));
			await().atMost(Duration.ofSeconds(10)).until(() -> lastStats(events).contains("\"comments\":1"));

			String token = this.client.post().uri("/api/auth/device").exchange()
				.expectStatus().isCreated()
				.expectBody(Map.class).returnResult().getResponseBody().get("token").toString();
			this.client.put().uri("/api/articles/{slug}/reaction", slug)
				.headers((headers) -> headers.setBearerAuth(token))
				.bodyValue(Map.of("kind", "wow"))
				.exchange()
				.expectStatus().isOk();
			await().atMost(Duration.ofSeconds(10)).until(() -> lastStats(events).contains("\"wow\":1"));

			// A view counted here reaches the reader there (once that instance has told it has a reader).
			await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(slug).readingNow() == 1);
			this.client.post().uri("/api/articles/{slug}/views", slug)
				.header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36")
				.header("X-Visitor-Id", "visitor-" + unique())
				.exchange()
				.expectStatus().isAccepted();
			await().atMost(Duration.ofSeconds(10)).until(() -> lastStats(events).contains("\"views\":1"));
		}
		finally {
			stream.dispose();
		}
	}

	@Test
	void readingNowCountsTheReadersOfEveryInstance() {
		String slug = newArticle();
		WebClient otherInstance = WebClient.create("http://localhost:" + other.getEnvironment().getProperty("local.server.port"));
		List<ServerSentEvent<String>> here = new CopyOnWriteArrayList<>();
		Disposable there = otherInstance.get().uri("/api/articles/{slug}/stream", slug)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(EVENT)
			.subscribe();
		Disposable stream = null;
		try {
			// Nobody reads it on this instance yet; the other one has a reader.
			await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(slug).readingNow() == 1);
			stream = WebClient.create("http://localhost:" + port()).get().uri("/api/articles/{slug}/stream", slug)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.retrieve()
				.bodyToFlux(EVENT)
				.subscribe(here::add);
			await().atMost(Duration.ofSeconds(10)).until(() -> lastStats(here).contains("\"readingNow\":2"));
			there.dispose();
			await().atMost(Duration.ofSeconds(15)).until(() -> lastStats(here).contains("\"readingNow\":1"));
		}
		finally {
			there.dispose();
			if (stream != null) {
				stream.dispose();
			}
		}
	}

	private static String lastStats(List<ServerSentEvent<String>> events) {
		List<ServerSentEvent<String>> stats = events.stream().filter((e) -> "stats".equals(e.event())).toList();
		return stats.isEmpty() ? "" : stats.get(stats.size() - 1).data();
	}

}
