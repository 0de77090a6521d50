package io.readerpulse.live;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
	void headAnswersWithTheStreamsHeadersAndNoBodyOnAConnectionThatStaysUsable() throws Exception {
		String slug = newArticle();
		try (Socket socket = new Socket("localhost", port())) {
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			// A HEAD, a HEAD for a story that does not exist, then a GET on the same connection: had either
			// HEAD answered with a body (a chunk, a problem), the next answer would not start where it should.
			out.write(("HEAD /api/articles/" + slug + "/stream HTTP/1.1\r\nHost: localhost\r\n\r\n"
					+ "HEAD /api/articles/no-such-story-" + unique() + "/stream HTTP/1.1\r\nHost: localhost\r\n\r\n"
					+ "GET /api/articles/" + slug + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
			List<String> stream = headOf(in);
			assertThat(stream.get(0)).isEqualTo("HTTP/1.1 200 OK");
			assertThat(stream).anySatisfy((header) -> assertThat(header).startsWithIgnoringCase("content-type: text/event-stream"));
			assertThat(stream).anySatisfy((header) -> assertThat(header).isEqualToIgnoringCase("cache-control: no-cache"));
			assertThat(headOf(in).get(0)).isEqualTo("HTTP/1.1 404 Not Found");
			List<String> article = headOf(in);
			assertThat(article.get(0)).isEqualTo("HTTP/1.1 200 OK");
			int length = article.stream()
				.filter((header) -> header.regionMatches(true, 0, "content-length:", 0, 15))
				.map((header) -> Integer.parseInt(header.substring(15).trim()))
				.findFirst()
				.orElseThrow();
			assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8)).contains("\"slug\":\"" + slug + "\"");
		}
		// A HEAD is not a reader.
		assertThat(statsOf(slug).readingNow()).isZero();
	}

	@Test
	void aStreamEndedByTheServiceLeavesTheConnectionAsTheReaderAskedFor() throws Exception {
		String kept = newArticle();
		String closed = newArticle();
		try (Socket keepAlive = streamOn(kept, ""); Socket close = streamOn(closed, "Connection: close\r\n")) {
			for (String slug : List.of(kept, closed)) {
				as(Role.EDITOR, this.client.delete().uri("/api/articles/{slug}", slug)).exchange()
					.expectStatus().isNoContent();
			}
			InputStream in = new BufferedInputStream(keepAlive.getInputStream());
			readThroughLastChunk(in);
			// Kept alive, as HTTP/1.1 is by default: the next request on it has its answer.
			keepAlive.getOutputStream().write(("GET /api/articles/" + kept + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			assertThat(headOf(in).get(0)).isEqualTo("HTTP/1.1 404 Not Found");
			InputStream closing = new BufferedInputStream(close.getInputStream());
			readThroughLastChunk(closing);
			assertThat(closing.read()).as("closed after the stream, as asked").isEqualTo(-1);
		}
	}

	/** A raw connection with a story's stream open on it, its head read and its first event begun. */
	private Socket streamOn(String slug, String headers) throws IOException {
		Socket socket = new Socket("localhost", port());
		socket.setSoTimeout(5_000);
		socket.getOutputStream().write(("GET /api/articles/" + slug + "/stream HTTP/1.1\r\nHost: localhost\r\n"
				+ "Accept: text/event-stream\r\nUser-Agent: " + BROWSER + "\r\n" + headers + "\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		await().atMost(Duration.ofSeconds(5)).until(() -> statsOf(slug).readingNow() == 1);
		return socket;
	}

	/** Reads a chunked stream's answer up to the end of its last chunk. */
	private static void readThroughLastChunk(InputStream in) throws IOException {
		byte[] end = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		int matched = 0;
		for (int c = in.read(); c >= 0; c = in.read()) {
			matched = (c == end[matched]) ? matched + 1 : ((c == end[0]) ? 1 : 0);
			if (matched == end.length) {
				return;
			}
		}
		throw new IOException("connection closed before the last chunk");
	}

	/** The status line and headers of the next answer. */
	private static List<String> headOf(InputStream in) throws IOException {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c >= 0; c = in.read()) {
			if (c == '\n') {
				if (line.length() == 0) {
					return lines;
				}
				lines.add(line.toString());
				line.setLength(0);
			}
			else if (c != '\r') {
				line.append((char) c);
			}
		}
		throw new IOException("connection closed after " + lines);
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
