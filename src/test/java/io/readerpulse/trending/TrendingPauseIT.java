package io.readerpulse.trending;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After every instance was stopped for a long holiday, the trending counters' landmark is far behind: the
 * service must count, rank and write as usual, and move the landmark forward by itself.
 */
class TrendingPauseIT extends IntegrationTest {

	@Test
	void aLandmarkThirtyDaysBehindBreaksNothingAndIsMovedForward() {
		String slug = newArticle();
		view(slug, "before-the-pause");
		await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(slug).views() == 1);
		// Everything paused for thirty days: the landmark and every counter are as they were then.
		this.database.sql("update trending_landmark set landmark = landmark - interval '30 days'").then().block();

		this.client.get().uri("/api/articles/{slug}", slug).exchange().expectStatus().isOk();
		this.client.get().uri("/api/trending").exchange().expectStatus().isOk();
		this.client.post().uri("/api/articles/{slug}/comments", slug)
			.bodyValue(Map.of("name", "Ann", "email", "ann@example.com", "body", "Back from the holiday"))
			.exchange()
			.expectStatus().isCreated();
		view(slug, "after-the-pause");
		await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(slug).views() == 2);

		await().atMost(Duration.ofSeconds(10)).until(() -> landmark().isAfter(Instant.now().minus(Duration.ofHours(1))));
		view(slug, "after-the-move");
		await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(slug).views() == 3);
		assertThat(statsOf(slug).trending().score()).as("the views since the move count").isGreaterThan(0);
		this.client.get().uri("/api/trending").exchange().expectStatus().isOk();
	}

	private void view(String slug, String visitor) {
		this.client.post().uri("/api/articles/{slug}/views", slug)
			.header("User-Agent", BROWSER)
			.header("X-Visitor-Id", slug + "-" + visitor)
			.exchange()
			.expectStatus().isAccepted();
	}

	private Instant landmark() {
		OffsetDateTime landmark = this.database.sql("select landmark from trending_landmark where id = 1")
			.map((row) -> row.get("landmark", OffsetDateTime.class))
			.one()
			.block();
		return landmark.toInstant();
	}

}
