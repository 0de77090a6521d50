package io.readerpulse.live;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;
import io.readerpulse.SseStream.Event;
import io.readerpulse.live.Stats;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static io.readerpulse.SseStream.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ArticleStreamIT extends IntegrationTest {

	private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/120.0.0.0 Safari/537.36";

	@Test
	void unknownArticleThenNotFoundBeforeTheStreamStarts() {
		this.client.get().uri("/api/articles/no-such-story-{id}/stream", unique())
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void streamSendsStatsOnConnectWithStreamingHeaders() {
		String slug = newArticle();
		try (SseStream stream = openStream("/api/articles/{slug}/stream", slug)) {
			assertThat(stream.status().value()).isEqualTo(200);
			assertThat(stream.headers().getContentType()).isNotNull();
			assertThat(stream.headers().getContentType().isCompatibleWith(MediaType.TEXT_EVENT_STREAM)).isTrue();
			assertThat(stream.headers().get("X-Accel-Buffering")).containsExactly("no");
			assertThat(stream.headers().getFirst("Cache-Control")).contains("no-cache");
			Event first = stream.awaitEvent((event) -> true, Duration.ofSeconds(5)); // whatever comes first
			assertThat(first.name()).isEqualTo("stats");
			assertThat(first.id()).as("stats events carry no id").isNull();
			assertThat(first.data()).isNotNull();
			assertThat(first.as(Stats.class).views()).isZero();
			assertThat(first.as(Stats.class).readingNow()).isEqualTo(1);
		}
	}

	@Test
	void viewsReachOpenStreamsCoalescedToOneEventPerSecond() {
		String slug = newArticle();
		try (SseStream stream = openStream("/api/articles/{slug}/stream", slug)) {
			stream.awaitEvent(named("stats"), Duration.ofSeconds(5));
			long started = System.nanoTime();
			int views = 300;
			WebClient web = WebClient.create("http://localhost:" + port());
			Flux.range(0, views)
				.flatMap((i) -> web.post().uri("/api/articles/{slug}/views", slug)
					.header("User-Agent", BROWSER)
					.header("X-Visitor-Id", "burst-" + i)
					.retrieve()
					.toBodilessEntity(), 8)
				.blockLast(Duration.ofSeconds(30));
			stream.awaitLatest("stats", (event) -> event.as(Stats.class).views() == views, Duration.ofSeconds(10));
			double seconds = (System.nanoTime() - started) / 1e9;
			List<Stats> received = stream.data("stats", Stats.class);
			// One event on connect, then at most one per second while the burst lasted (plus one in flight).
			assertThat(received.size()).isLessThanOrEqualTo(1 + (int) Math.ceil(seconds) + 1);
			assertThat(received).extracting(Stats::views).isSorted();
		}
	}

	@Test
	void readingNowFollowsReadersArrivingAndLeaving() {
		String slug = newArticle();
		try (SseStream one = openStream("/api/articles/{slug}/stream", slug);
				SseStream two = openStream("/api/articles/{slug}/stream", slug)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> statsOf(slug).readingNow() == 2);
			one.awaitLatest("stats", (event) -> event.as(Stats.class).readingNow() == 2, Duration.ofSeconds(5));
			two.close();
			await().atMost(Duration.ofSeconds(5)).until(() -> statsOf(slug).readingNow() == 1);
			one.awaitLatest("stats", (event) -> event.as(Stats.class).readingNow() == 1, Duration.ofSeconds(5));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> statsOf(slug).readingNow() == 0);
	}

	@Test
	void readerWhoseConnectionBreaksIsNoLongerCountedAndHeartbeatsFlow() {
		String slug = newArticle();
		try (SseStream stream = openStream("/api/articles/{slug}/stream", slug)) {
			// A missing heartbeat fails the test instead of hanging it.
			stream.awaitEvent(named("stats"), Duration.ofSeconds(10));
			stream.awaitEvent(Event::isHeartbeat, Duration.ofSeconds(10));
			assertThat(statsOf(slug).readingNow()).isEqualTo(1);
			// Vanish without a goodbye: a reset instead of an orderly close.
			stream.abort();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> statsOf(slug).readingNow() == 0);
	}

	@Test
	void deletingTheArticleEndsItsStreams() {
		String slug = newArticle();
		try (SseStream stream = openStream("/api/articles/{slug}/stream", slug)) {
			stream.awaitEvent(named("stats"), Duration.ofSeconds(5));
			as(Role.EDITOR, this.client.delete().uri("/api/articles/{slug}", slug)).exchange()
				.expectStatus().isNoContent();
			stream.awaitCompletion(Duration.ofSeconds(5));
		}
	}

}
