package io.readerpulse.trending;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;
import io.readerpulse.TestInstance;
import io.readerpulse.trending.TrendingBoard.Item;
import io.readerpulse.trending.TrendingBoard.Ranking;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * {@code why} tells the figures behind {@code viral}, and never disagrees with it.
 * <p>
 * Every test context shares the database and judges the same stored counters, each with its own clock, so a
 * story is calmed here by emptying its fast counter (what two hours of decay would leave) rather than by
 * moving one context's clock: the contexts whose clocks did not move would find it viral again. Assertions
 * are about this class's own stories only.
 */
class ViralWhyIT extends IntegrationTest {

	@Autowired
	private TrendingProperties thresholds;

	@Autowired
	private ViralFigures figures;

	private final List<String> stories = new ArrayList<>();

	/**
	 * Deletes this test's stories: its bursts would otherwise stay viral, and be peers in other tests' verdicts.
	 */
	@AfterEach
	void deleteStories() {
		this.stories.forEach((slug) -> as(Role.EDITOR, this.client.delete().uri("/api/articles/{slug}", slug))
			.exchange()
			.expectStatus().isNoContent());
	}

	@Test
	void whyShowsTheFiguresThatTurnedAStoryViralAndItsTurnEndsWhenItCalmsDown() {
		String section = "why-" + unique();
		Instant started = Instant.now();
		String burst = viralStory(section);
		Item viral = item(this.client, section, burst);
		assertThat(viral.viral()).isTrue();
		assertThat(viral.why().viralSince()).isBetween(started, Instant.now());
		assertThat(viral.why().velocity()).isGreaterThanOrEqualTo(this.thresholds.viralVelocity());
		assertThat(viral.why().zScore()).as("six live stories of this test alone: the outlier test applies")
			.isGreaterThanOrEqualTo(this.thresholds.outlierZ());
		assertThat(viral.why().fastRate()).isGreaterThan(viral.why().baselineRate());

		// Two hours of the fast window's decay (a half-life of 10 minutes), for every context's clock at once.
		this.database.sql("""
				update article_stats set n_fast = n_fast * power(2, -12)
				where article_id = (select id from article where slug = :slug)""").bind("slug", burst).then().block();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Item calm = item(this.client, section, burst);
			assertThat(calm.viral()).isFalse();
			assertThat(calm.why().viralSince()).isNull();
			assertThat(calm.why().velocity()).isLessThan(this.thresholds.calmVelocity());
		});
		assertThat(statsOf(burst).trending().viral()).isFalse();
	}

	@Test
	void anotherInstanceOnTheSameDatabaseAndTheLookupByIdTellTheSameTurn() {
		String section = "why-" + unique();
		String burst = viralStory(section);
		Instant since = Objects.requireNonNull(item(this.client, section, burst).why().viralSince());
		try (TestInstance other = TestInstance.start()) {
			Item there = item(other.client(), section, burst);
			assertThat(there.viral()).isTrue();
			assertThat(there.why().viralSince()).isEqualTo(since);
		}
		assertThat(item(this.client, section, burst).why().viralSince()).isEqualTo(since);
		long articleId = articleId(burst);
		assertThat(this.figures.of(articleId).block(Duration.ofSeconds(5))).satisfies((why) -> {
			assertThat(why.viralSince()).isEqualTo(since);
			assertThat(why.zScore()).isGreaterThanOrEqualTo(this.thresholds.outlierZ());
		});
	}

	@Test
	void theTrendingStreamCarriesWhy() {
		String section = "why-" + unique();
		String burst = viralStory(section);
		Instant since = item(this.client, section, burst).why().viralSince();
		try (SseStream stream = openStream("/api/trending/stream?limit=100")) {
			SseStream.Event event = stream.awaitLatest("trending",
					(latest) -> find(latest.as(Ranking.class), burst) != null, Duration.ofSeconds(10));
			Item streamed = Objects.requireNonNull(find(event.as(Ranking.class), burst));
			assertThat(streamed.viral()).isTrue();
			assertThat(streamed.why().viralSince()).isEqualTo(since);
			assertThat(streamed.why().zScore()).isNotNull();
			assertThat(event.json().path("items").values().stream()
				.filter((node) -> node.path("slug").asString().equals(burst))
				.map((node) -> node.path("why").propertyNames())
				.findFirst()).hasValueSatisfying((names) -> assertThat(names)
					.containsExactlyInAnyOrder("fastRate", "baselineRate", "velocity", "zScore", "viralSince"));
		}
	}

	@Test
	void aStoryTooQuietToBeEvaluatedShowsItsCountersNowAndNoZScore() {
		String section = "why-" + unique();
		String quiet = story(section);
		views(quiet, 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(quiet).views() == 1);
		// A tenth of a view in the fast window: below the live level (half a view), so no evaluation looks at it.
		this.database.sql("""
				update article_stats set n_fast = n_fast / 10
				where article_id = (select id from article where slug = :slug)""").bind("slug", quiet).then().block();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(item(this.client, section, quiet).why().zScore()).isNull());
		Why why = item(this.client, section, quiet).why();
		assertThat(why.fastRate()).as("a tenth of a view over the fast τ, per hour").isCloseTo(0.42, within(0.02));
		assertThat(why.viralSince()).isNull();
		assertThat(why.velocity()).isLessThan(this.thresholds.viralVelocity());
	}

	/** A story made viral by a burst of readers, beside five quiet ones of the same section. */
	private String viralStory(String section) {
		List<String> quiet = List.of(story(section), story(section), story(section), story(section), story(section));
		quiet.forEach((slug) -> views(slug, 3));
		String burst = story(section);
		views(burst, 400);
		// Every view stored first: a flush after the test calms the story would make it busy again.
		await().atMost(Duration.ofSeconds(10)).until(() -> statsOf(burst).views() == 400);
		await().atMost(Duration.ofMinutes(1)).until(() -> item(this.client, section, burst).viral());
		return burst;
	}

	private Item item(WebTestClient client, String section, String slug) {
		Ranking ranking = client.get().uri("/api/trending?section={section}&limit=100", section).exchange()
			.expectStatus().isOk()
			.expectBody(Ranking.class).returnResult().getResponseBody();
		assertThat(Objects.requireNonNull(ranking).items()).allSatisfy((each) -> assertThat(
				each.why().viralSince() != null).as("%s: viralSince set exactly while viral", each.slug())
			.isEqualTo(each.viral()));
		Item item = find(ranking, slug);
		assertThat(item).as("%s on the board", slug).isNotNull();
		return item;
	}

	private static Item find(Ranking ranking, String slug) {
		return ranking.items().stream().filter((item) -> item.slug().equals(slug)).findFirst().orElse(null);
	}

	private String story(String section) {
		String slug = "story-" + unique();
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", slug))
			.bodyValue(Map.of("title", "Story " + slug, "url", "https://news.example.com/" + slug, "section", section))
			.exchange()
			.expectStatus().isCreated();
		this.stories.add(slug);
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

}
