package io.readerpulse.comment;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.OwnClock;

import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Readers that resume from far back and then stop reading cannot starve the connection pool: a replay keeps
 * no pooled connection checked out while it waits on its reader, so comments are still written at once.
 * (A context of its own, so that the pool it tries to exhaust is nobody else's. There a write that finds the
 * pool exhausted waits up to 30 s for a connection, and the test gives each write 7 s: less than the 10 s
 * after which a stalled reader's stream is ended, which would give its connection back, and far more than the
 * 0.2-2.7 s a write takes here while the replays run with every buffer leak-tracked.)
 */
@OwnClock
@TestPropertySource(properties = "spring.r2dbc.pool.max-acquire-time=30s")
class SlowReplayIT extends IntegrationTest {

	@Test
	void readersThatStopReadingTheirReplayDoNotStallWrites() throws IOException {
		String slug = newArticle();
		// Three thousand events of 2 KB: far more than a socket buffers for a reader that does not read.
		this.database.sql("""
				with a as (select id from article where slug = :slug),
				     e as (insert into comment_event (article_id, seq, kind, comment_id, data)
				           select a.id, n, 'comment', n, repeat('x', 2048) from a, generate_series(1, 3000) n)
				update article_stats set event_seq = 3000 from a where article_id = a.id""")
			.bind("slug", slug)
			.then()
			.block();
		String other = newArticle();
		List<Socket> stalled = new ArrayList<>();
		try {
			// More readers than the pool has connections (20), each resuming from the first event.
			for (int i = 0; i < 30; i++) {
				Socket socket = new Socket();
				socket.setReceiveBufferSize(4096);
				socket.connect(new java.net.InetSocketAddress("localhost", port()));
				OutputStream out = socket.getOutputStream();
				out.write(("GET /api/articles/" + slug + "/stream HTTP/1.1\r\nHost: localhost\r\nLast-Event-ID: 0\r\n"
						+ "User-Agent: slow-reader\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				out.flush();
				stalled.add(socket);
			}
			// Stalled replays used to keep every pooled connection: a write then waited out the pool's acquire
			// timeout. Now each is answered before any stalled stream is ended.
			WebTestClient writer = this.client.mutate().responseTimeout(Duration.ofSeconds(7)).build();
			for (int i = 0; i < 5; i++) {
				writer.post().uri("/api/articles/{slug}/comments", other)
					.bodyValue(Map.of("name", "Ann", "email", "ann@example.com", "body", "Still writing " + i))
					.exchange()
					.expectStatus().isCreated();
			}
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
	}

}
