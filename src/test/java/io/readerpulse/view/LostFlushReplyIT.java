package io.readerpulse.view;

import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.readerpulse.TcpProxy;
import io.readerpulse.TestDatabase;
import io.readerpulse.TestInstance;
import io.readerpulse.database.DatabaseUrl;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flush that PostgreSQL committed but whose answer was lost on the way back is retried, and the retry
 * writes nothing: every view is counted once.
 */
class LostFlushReplyIT {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@Test
	void aFlushRetriedAfterItsCommitsAnswerWasLostCountsItsViewsOnce() throws SQLException {
		DatabaseUrl url = TestDatabase.url();
		String slug = "lost-reply-" + Long.toString(System.nanoTime(), 36);
		int lost = 25;
		try (TcpProxy proxy = new TcpProxy(url.host(), url.port());
				TestInstance service = start(proxy, url)) {
			StoredStory.insert(url, slug);
			WebTestClient client = service.client().mutate().responseTimeout(DEADLINE).build();
			// The first view makes the story known, so that beacons are taken while answers are lost.
			view(client, slug, "before");
			awaitViews(url, slug, 1, 1);

			proxy.loseReplies();
			for (int i = 0; i < lost; i++) {
				view(client, slug, "during-" + i);
			}
			// Committed, though the service never heard so: its flush fails and is retried. The views may span
			// two flushes, and the second waits for the first to be settled, so only some need be in.
			awaitViews(url, slug, 2, 1 + lost);
			proxy.cut();
			proxy.restore();

			// Written only after the retry has settled, so once it is in, the retry is done.
			view(client, slug, "after");
			awaitViews(url, slug, 2 + lost, 2 + lost);
			assertThat(StoredStory.views(url, slug)).isEqualTo(2 + lost);
			assertThat(StoredStory.uniqueVisitors(url, slug)).isEqualTo(2 + lost);
		}
	}

	private static TestInstance start(TcpProxy proxy, DatabaseUrl url) {
		DatabaseUrl proxied = new DatabaseUrl("127.0.0.1", proxy.port(), url.database(), url.username(), url.password(),
				url.query());
		return TestInstance.start(proxied, "pulse.views.flush-interval=200ms", "pulse.views.flush-timeout=2s");
	}

	private static void view(WebTestClient client, String slug, String visitor) {
		client.post().uri("/api/articles/{slug}/views", slug)
			.header("User-Agent", ViewApiIT.BROWSER)
			.header("X-Visitor-Id", visitor)
			.exchange()
			.expectStatus().isAccepted();
	}

	// Fails at once, rather than at the deadline, when a view was counted twice.
	private static void awaitViews(DatabaseUrl url, String slug, long atLeast, long counted) {
		await().atMost(DEADLINE).until(() -> {
			long stored = StoredStory.views(url, slug);
			assertThat(stored).as("stored views, of %d counted", counted).isLessThanOrEqualTo(counted);
			return stored >= atLeast;
		});
	}

}
