package io.readerpulse.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;
import io.readerpulse.article.ArticleDirectory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reader that cannot keep up with a story's comment events is let go (it resumes with its last event id)
 * instead of making the service buffer for it without bound; the readers who keep up get everything.
 */
class CommentFeedIT extends IntegrationTest {

	private static final int EVENTS = 3000;

	@Autowired
	private CommentFeed feed;

	@Autowired
	private ArticleDirectory directory;

	@Test
	void aReaderThatStopsReadingIsLetGoWhileTheOthersGetEverything() throws IOException {
		String slug = newArticle();
		long articleId = this.directory.requireIdOf(slug).block();
		try (Socket slow = new Socket()) {
			// Reads nothing once it is open: like a page whose connection has stalled.
			slow.setReceiveBufferSize(4096);
			slow.connect(new InetSocketAddress("localhost", port()));
			OutputStream out = slow.getOutputStream();
			out.write(("GET /api/articles/" + slug + "/stream HTTP/1.1\r\nHost: localhost\r\n"
					+ "User-Agent: slow-reader\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			slow.setSoTimeout(5000);
			try (SseStream fast = openStream("/api/articles/{slug}/stream", slug)) {
				await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(slug).readingNow() == 2);
				// Three thousand events of 2 KB arrive at once, 6 MB in all: far more than sockets buffer.
				this.database.sql("""
						with a as (select id from article where slug = :slug),
						     e as (insert into comment_event (article_id, seq, kind, comment_id, data)
						           select a.id, n, 'comment', n, '"' || repeat('x', 2048) || '"' from a, generate_series(1, :events) n)
						update article_stats set event_seq = :events from a where article_id = a.id""")
					.bind("slug", slug)
					.bind("events", EVENTS)
					.then()
					.block();
				this.feed.changed(articleId);

				List<String> ids = new ArrayList<>();
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					fast.events().stream().map(SseStream.Event::id).filter((id) -> id != null && !ids.contains(id)).forEach(ids::add);
					return ids.size() == EVENTS;
				});
				assertThat(ids).as("every event, in order").startsWith("1", "2", "3").endsWith(Integer.toString(EVENTS));

				// The slow reader is let go once its connection has had no room for a while, though it is
				// still open: only the fast one reads now.
				WebTestClient writer = this.client.mutate().responseTimeout(Duration.ofSeconds(5)).build();
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
					writer.post().uri("/api/articles/{slug}/comments", slug)
						.bodyValue(Map.of("name", "Ann", "email", "ann@example.com", "body", "Still here " + unique()))
						.exchange()
						.expectStatus().isCreated();
					return statsOf(slug).readingNow() == 1;
				});
			}

			// What the slow reader did get (what was queued for it before it was let go) is the events from the
			// first, in order, and then the end of its stream.
			String received = readAvailable(slow.getInputStream());
			Matcher id = Pattern.compile("(?m)^id:(\\d+)$").matcher(received);
			List<Integer> seen = new ArrayList<>();
			while (id.find()) {
				seen.add(Integer.parseInt(id.group(1)));
			}
			assertThat(seen).isNotEmpty();
			for (int i = 0; i < seen.size(); i++) {
				assertThat(seen.get(i)).isEqualTo(i + 1);
			}
			assertThat(received).as("the response ended (last chunk)").endsWith("\r\n0\r\n\r\n");
		}
	}

	private static String readAvailable(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] chunk = new byte[65536];
		try {
			for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
				all.write(chunk, 0, n);
				if (all.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")) {
					break;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			// Nothing more came.
		}
		return all.toString(StandardCharsets.UTF_8);
	}

}
