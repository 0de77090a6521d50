package io.readerpulse.article;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;

import static io.readerpulse.SseStream.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A story written into the database by hand (a migration of the newsroom's own, an operator's fix), without
 * the counters row the API creates with every story, works like any other: read, viewed, commented on,
 * reacted to, streamed. Before the database made that row itself, its first comment was answered 500.
 */
class HandMadeStoryIT extends IntegrationTest {

	@Test
	void aStoryInsertedWithoutItsCountersWorksLikeAnyOther() {
		String slug = "hand-made-" + unique();
		this.database.sql("""
				insert into article (slug, title, url, published_at, updated_at)
				values (:slug, 'Written by hand', 'https://news.example.com/by-hand', now(), now())""")
			.bind("slug", slug)
			.then()
			.block();

		this.client.get().uri("/api/articles/{slug}", slug).exchange().expectStatus().isOk();
		this.client.get().uri("/articles/{slug}", slug).exchange().expectStatus().isOk();
		try (SseStream stream = openStream("/api/articles/{slug}/stream", slug)) {
			stream.awaitEvent(named("stats"), Duration.ofSeconds(5));
			this.client.post().uri("/api/articles/{slug}/comments", slug)
				.bodyValue(Map.of("name", "Ann", "email", "ann@example.com", "body", "First on a hand-made story"))
				.exchange()
				.expectStatus().isCreated();
			stream.awaitEvent(named("comment"), Duration.ofSeconds(5));
		}
		this.client.put().uri("/api/articles/{slug}/reaction", slug)
			.headers((headers) -> headers.setBearerAuth(deviceToken()))
			.bodyValue(Map.of("kind", "wow"))
			.exchange()
			.expectStatus().isOk();
		this.client.post().uri("/api/articles/{slug}/views", slug)
			.header("User-Agent", BROWSER)
			.bodyValue(Map.of("visitorId", "hand-made-reader"))
			.exchange()
			.expectStatus().isAccepted();

		await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(slug).views() == 1);
		assertThat(statsOf(slug).reactions().wow()).isEqualTo(1);
		this.client.get().uri("/api/trending").exchange().expectStatus().isOk();
	}

}
