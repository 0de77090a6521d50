package io.readerpulse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.readerpulse.SseStream.Event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the tests rely on {@link SseStream} for, against a hand-written server that shows what arrives on the
 * wire: the events as sent, the resume header, and an orderly close apart from a reset.
 */
class SseStreamTest {

	private static final String EVENTS = "event:stats\ndata:{\"views\":1,\"reactions\":{\"wow\":2}}\n\n" + ":\n\n"
			+ "id:7\nevent:comment\ndata:{\"id\":7}\n\n" + "event:stats\ndata:{\"views\":2,\"reactions\":{\"wow\":2}}\n\n";

	private ServerSocket server;

	/** The request's lines, then how the client left: "closed" or "reset". */
	private CompletableFuture<List<String>> connection;

	@BeforeEach
	void listen() throws IOException {
		this.server = new ServerSocket(0);
	}

	/** Serves one stream, then waits for the client to leave, or hangs up itself. */
	private void serve(boolean hangUp) {
		this.connection = CompletableFuture.supplyAsync(() -> {
			try (Socket socket = this.server.accept()) {
				socket.setSoTimeout(10_000);
				BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
				List<String> seen = new ArrayList<>();
				for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
					seen.add(line);
				}
				OutputStream out = socket.getOutputStream();
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Accel-Buffering: no\r\n"
						+ "Connection: close\r\n\r\n" + EVENTS).getBytes(StandardCharsets.UTF_8));
				out.flush();
				seen.add(hangUp ? "hung up" : howTheClientLeft(socket.getInputStream()));
				return seen;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	@AfterEach
	void stop() throws IOException {
		this.server.close();
	}

	@Test
	void eventsArriveInOrderWithTheirNamesIdsAndDataAndHeartbeatsApart() throws Exception {
		serve(false);
		try (SseStream stream = SseStream.from("http://localhost:" + this.server.getLocalPort())
			.path("/api/articles/{slug}/stream", "a story")
			.lastEventId("6")
			.open()) {
			assertThat(stream.status().value()).isEqualTo(200);
			assertThat(stream.headers().getFirst("X-Accel-Buffering")).isEqualTo("no");
			Event comment = stream.awaitEvent(SseStream.named("comment"), Duration.ofSeconds(5));
			assertThat(comment.id()).isEqualTo("7");
			assertThat(comment.json().get("id").longValue()).isEqualTo(7);
			assertThat(stream.awaitLatest("stats", (event) -> event.json().get("views").longValue() == 2,
					Duration.ofSeconds(5)).data()).isEqualTo("{\"views\":2,\"reactions\":{\"wow\":2}}");
			assertThat(stream.events()).extracting(Event::name).containsExactly("stats", null, "comment", "stats");
			assertThat(stream.events()).extracting(Event::isHeartbeat).containsExactly(false, true, false, false);
			assertThat(stream.events("stats")).extracting(Event::id).containsOnlyNulls();
			assertThat(stream.awaitEvents(SseStream.named("stats"), 2, Duration.ofSeconds(5))).hasSize(2);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> stream.awaitEvents(SseStream.named("stats"), 1, Duration.ofSeconds(5)));
		}
		List<String> request = this.connection.get(10, TimeUnit.SECONDS);
		assertThat(request.get(0)).isEqualTo("GET /api/articles/a%20story/stream HTTP/1.1");
		assertThat(request).contains("Last-Event-ID: 6", "Accept: text/event-stream");
	}

	@Test
	void closingEndsTheConnectionInOrder() throws Exception {
		serve(false);
		try (SseStream stream = SseStream.from("http://localhost:" + this.server.getLocalPort()).path("/s").open()) {
			stream.awaitEvents(SseStream.named("stats"), 2, Duration.ofSeconds(5));
		}
		assertThat(this.connection.get(10, TimeUnit.SECONDS)).last().isEqualTo("closed");
	}

	@Test
	void abortingResetsTheConnection() throws Exception {
		serve(false);
		try (SseStream stream = SseStream.from("http://localhost:" + this.server.getLocalPort()).path("/s").open()) {
			stream.awaitEvents(SseStream.named("stats"), 2, Duration.ofSeconds(5));
			stream.abort();
		}
		assertThat(this.connection.get(10, TimeUnit.SECONDS)).last().isEqualTo("reset");
	}

	@Test
	void aStreamTheServiceEndsCompletesAndWaitsNoLongerForWhatCannotCome() throws Exception {
		serve(true);
		try (SseStream stream = SseStream.from("http://localhost:" + this.server.getLocalPort()).path("/s").open()) {
			stream.awaitCompletion(Duration.ofSeconds(5));
			assertThat(stream.isCompleted()).isTrue();
			assertThat(stream.events()).hasSize(4);
			long started = System.nanoTime();
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> stream.awaitEvent(SseStream.named("reset"), Duration.ofMinutes(1)))
				.withMessageContaining("ended");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
	}

	private static String howTheClientLeft(InputStream in) throws IOException {
		try {
			return (in.read() == -1) ? "closed" : "sent more";
		}
		catch (SocketException ex) {
			return "reset";
		}
	}

}
