package io.readerpulse.live;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import io.readerpulse.IntegrationTest;
import io.readerpulse.live.Stats;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ArticleStreamIT extends IntegrationTest {

	private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/120.0.0.0 Safari/537.36";

	private static final ParameterizedTypeReference<ServerSentEvent<Stats>> STATS_EVENT = new ParameterizedTypeReference<>() {
	};

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
		List<ServerSentEvent<Stats>> events = new CopyOnWriteArrayList<>();
		Disposable stream = this.client.get().uri("/api/articles/{slug}/stream", slug)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectHeader().valueEquals("X-Accel-Buffering", "no")
			.expectHeader().value("Cache-Control", (value) -> assertThat(value).contains("no-cache"))
			.returnResult(STATS_EVENT)
			.getResponseBody()
			.subscribe(events::add);
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
			ServerSentEvent<Stats> first = events.get(0);
			assertThat(first.event()).isEqualTo("stats");
			assertThat(first.id()).as("stats events carry no id").isNull();
			assertThat(first.data()).isNotNull();
			assertThat(first.data().views()).isZero();
			assertThat(first.data().readingNow()).isEqualTo(1);
		}
		finally {
			stream.dispose();
		}
	}

	@Test
	void viewsReachOpenStreamsCoalescedToOneEventPerSecond() {
		String slug = newArticle();
		List<Stats> received = new CopyOnWriteArrayList<>();
		Disposable stream = statsOf(slug, received);
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
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
			await().atMost(Duration.ofSeconds(10))
				.until(() -> received.get(received.size() - 1).views() == views);
			double seconds = (System.nanoTime() - started) / 1e9;
			// One event on connect, then at most one per second while the burst lasted (plus one in flight).
			assertThat(received.size()).isLessThanOrEqualTo(1 + (int) Math.ceil(seconds) + 1);
			assertThat(received).extracting(Stats::views).isSorted();
		}
		finally {
			stream.dispose();
		}
	}

	@Test
	void readingNowFollowsReadersArrivingAndLeaving() {
		String slug = newArticle();
		List<Stats> first = new CopyOnWriteArrayList<>();
		List<Stats> second = new CopyOnWriteArrayList<>();
		Disposable one = statsOf(slug, first);
		Disposable two = statsOf(slug, second);
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> statsOf(slug).readingNow() == 2);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !first.isEmpty() && first.get(first.size() - 1).readingNow() == 2);
			two.dispose();
			await().atMost(Duration.ofSeconds(5)).until(() -> statsOf(slug).readingNow() == 1);
			await().atMost(Duration.ofSeconds(5)).until(() -> first.get(first.size() - 1).readingNow() == 1);
		}
		finally {
			one.dispose();
			two.dispose();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> statsOf(slug).readingNow() == 0);
	}

	@Test
	void readerWhoseConnectionBreaksIsNoLongerCountedAndHeartbeatsFlow() throws Exception {
		String slug = newArticle();
		try (Socket socket = new Socket("localhost", port())) {
			// A missing heartbeat fails the test instead of hanging it.
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /api/articles/" + slug + "/stream HTTP/1.1\r\nHost: localhost\r\n"
					+ "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			boolean sawStats = false;
			boolean sawHeartbeat = false;
			while (!(sawStats && sawHeartbeat)) {
				String line = in.readLine();
				assertThat(line).as("the stream stays open").isNotNull();
				sawStats |= line.equals("event:stats");
				// Chunked framing aside, a heartbeat is a line holding only the comment marker.
				sawHeartbeat |= line.equals(":");
			}
			assertThat(statsOf(slug).readingNow()).isEqualTo(1);
			// Vanish without a goodbye: a reset instead of an orderly close.
			socket.setSoLinger(true, 0);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> statsOf(slug).readingNow() == 0);
	}

	@Test
	void deletingTheArticleEndsItsStreams() {
		String slug = newArticle();
		List<Stats> received = new CopyOnWriteArrayList<>();
		AtomicBoolean completed = new AtomicBoolean();
		Disposable stream = this.client.get().uri("/api/articles/{slug}/stream", slug)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.returnResult(STATS_EVENT)
			.getResponseBody()
			.filter((event) -> "stats".equals(event.event()))
			.subscribe((event) -> received.add(event.data()), (ex) -> { }, () -> completed.set(true));
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
			as(Role.EDITOR, this.client.delete().uri("/api/articles/{slug}", slug)).exchange()
				.expectStatus().isNoContent();
			await().atMost(Duration.ofSeconds(5)).untilTrue(completed);
		}
		finally {
			stream.dispose();
		}
	}

	private Disposable statsOf(String slug, List<Stats> into) {
		return this.client.get().uri("/api/articles/{slug}/stream", slug)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.returnResult(STATS_EVENT)
			.getResponseBody()
			.filter((event) -> "stats".equals(event.event()))
			.subscribe((event) -> into.add(event.data()));
	}

}
