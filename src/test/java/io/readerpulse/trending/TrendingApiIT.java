package io.readerpulse.trending;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.readerpulse.IntegrationTest;
import io.readerpulse.OwnClock;
import io.readerpulse.SseStream;
import io.readerpulse.trending.TrendingBoard.Item;
import io.readerpulse.trending.TrendingBoard.Ranking;

import org.springframework.web.reactive.function.client.WebClient;

import static io.readerpulse.SseStream.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@OwnClock
class TrendingApiIT extends IntegrationTest {

	@Test
	void aBurstLiftsAnOlderStoryAboveASteadierOne() {
		String section = "trend-" + unique();
		String steady = story(section);
		String burst = story(section);
		views(steady, 200);
		awaitViews(steady, 200);
		assertThat(slugs(section, 10)).containsExactly(steady);
		// Three hours later the steady story's 200 count for 25; 60 fresh views beat them.
		this.clock.advance(Duration.ofHours(3));
		views(burst, 60);
		awaitViews(burst, 60);
		assertThat(slugs(section, 10)).containsExactly(burst, steady);
		List<Item> items = trending(section, 10).items();
		assertThat(items.get(0).rank()).isEqualTo(1);
		assertThat(items.get(1).rank()).isEqualTo(2);
		assertThat(items.get(0).score()).isGreaterThan(items.get(1).score());
		assertThat(items.get(1).score()).as("25 weighted views an hour ago and decaying")
			.isBetween(25 * Math.log(2) * 0.9, 25 * Math.log(2) * 1.1);
	}

	@Test
	void limitAndSectionNarrowTheBoardAndDeletedStoriesLeaveIt() {
		String section = "trend-" + unique();
		String first = story(section);
		String second = story(section);
		String elsewhere = story("other-" + unique());
		views(first, 30);
		views(second, 10);
		views(elsewhere, 50);
		awaitViews(second, 10);
		awaitViews(elsewhere, 50);
		assertThat(slugs(section, 10)).containsExactly(first, second);
		assertThat(slugs(section, 1)).containsExactly(first);
		as(Role.EDITOR, this.client.delete().uri("/api/articles/{slug}", first)).exchange().expectStatus().isNoContent();
		assertThat(slugs(section, 10)).containsExactly(second);
		this.client.get().uri("/api/trending?limit=0").exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.limit").isNotEmpty();
		this.client.get().uri("/api/trending?limit=101").exchange().expectStatus().isBadRequest();
		this.client.get().uri("/api/trending/stream?limit=0").exchange().expectStatus().isBadRequest();
	}

	@Test
	void statsShowTheStorysTrendingFigures() {
		String slug = story("trend-" + unique());
		views(slug, 40);
		awaitViews(slug, 40);
		var trending = statsOf(slug).trending();
		assertThat(trending.score()).isGreaterThan(0);
		assertThat(trending.velocity()).isGreaterThan(1);
	}

	@Test
	void aSuddenBurstOnAFreshStoryTurnsItViralAndQuietOnesStayCalm() {
		String section = "viral-" + unique();
		List<String> quiet = List.of(story(section), story(section), story(section), story(section), story(section));
		quiet.forEach((slug) -> views(slug, 3));
		String fresh = story(section);
		views(fresh, 400);
		await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(statsOf(fresh).trending().viral()).isTrue());
		List<Item> board = trending(section, 10).items();
		assertThat(board.get(0).slug()).isEqualTo(fresh);
		assertThat(board.get(0).viral()).isTrue();
		assertThat(board.stream().filter((item) -> quiet.contains(item.slug())).noneMatch(Item::viral)).isTrue();
		quiet.forEach((slug) -> assertThat(statsOf(slug).trending().viral()).isFalse());
	}

	@Test
	void trendingStreamSendsTheBoardOnConnectThenAtMostOncePerSecond() {
		String section = "trend-" + unique();
		String slug = story(section);
		views(slug, 5);
		awaitViews(slug, 5);
		try (SseStream stream = openStream("/api/trending/stream?limit=5")) {
			Ranking first = stream.awaitEvent(named("trending"), Duration.ofSeconds(5)).as(Ranking.class);
			assertThat(first.items()).hasSizeLessThanOrEqualTo(5);
			assertThat(first.generatedAt()).isNotNull();
			long started = System.nanoTime();
			// Views on a story for three seconds move scores all the time; events stay at one a second.
			for (int second = 0; second < 3; second++) {
				views(slug, 20);
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			int sent = stream.events("trending").size();
			assertThat(sent).isLessThanOrEqualTo(1 + (int) Math.ceil(seconds) + 1);
		}
	}

	private String story(String section) {
		String slug = "story-" + unique();
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", slug))
			.bodyValue(Map.of("title", "Story " + slug, "url", "https://news.example.com/" + slug, "section", section))
			.exchange()
			.expectStatus().isCreated();
		return slug;
	}

	private void views(String slug, int readers) {
		WebClient web = WebClient.create("http://localhost:" + port());
		Flux.range(0, readers)
			.flatMap((i) -> web.post().uri("/api/articles/{slug}/views", slug)
				.header("User-Agent", BROWSER)
				.header("X-Visitor-Id", slug + "-reader-" + unique())
				.retrieve()
				.toBodilessEntity(), 8)
			.blockLast(Duration.ofSeconds(60));
	}

	private void awaitViews(String slug, long views) {
		await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(slug).views() == views);
	}

	private Ranking trending(String section, int limit) {
		return this.client.get().uri("/api/trending?section={section}&limit={limit}", section, limit).exchange()
			.expectStatus().isOk()
			.expectBody(Ranking.class).returnResult().getResponseBody();
	}

	private List<String> slugs(String section, int limit) {
		return trending(section, limit).items().stream().map(Item::slug).toList();
	}

}
