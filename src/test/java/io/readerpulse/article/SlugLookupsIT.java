package io.readerpulse.article;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.OwnClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flood of made-up slugs costs almost no queries, and real stories, new ones included, are still found.
 * The clock stands still unless a test moves it: the lookups for unlisted slugs are counted per second of it.
 */
@OwnClock
class SlugLookupsIT extends IntegrationTest {

	@Autowired
	private SlugFilter filter;

	@Autowired
	private MeterRegistry meters;

	@Test
	void madeUpSlugsAreAnsweredWithoutAQueryEach() {
		await().atMost(Duration.ofSeconds(10)).until(this.filter::isBuilt);
		double before = this.meters.counter("pulse.articles.lookups.skipped").count();
		long started = System.nanoTime();
		int flood = 400;
		for (int i = 0; i < flood; i++) {
			this.client.post().uri("/api/articles/{slug}/views", "made-up-" + unique())
				.header("User-Agent", BROWSER)
				.exchange()
				.expectStatus().isNotFound();
		}
		long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
		double skipped = this.meters.counter("pulse.articles.lookups.skipped").count() - before;
		// Queried at most: the lookups allowed for unlisted slugs each second, and the filter's 1 % of false hits.
		assertThat(skipped).isGreaterThanOrEqualTo(flood - SlugFilter.UNLISTED_PER_SECOND * seconds - 0.05 * flood);
	}

	@Test
	void aStoryStoredBehindTheServicesBackIsFoundInTheSecondAfterAFlood() {
		await().atMost(Duration.ofSeconds(10)).until(this.filter::isBuilt);
		// Written behind the service's back, so the filter has not heard of it: only a lookup for unlisted
		// slugs finds it.
		String slug = "behind-" + unique();
		this.database.sql("""
				with a as (insert into article (slug, title, url, published_at, updated_at)
				           values (:slug, 'Behind', 'https://news.example.com/behind', now(), now()) returning id)
				insert into article_stats (article_id) select id from a""").bind("slug", slug).then().block();
		for (int i = 0; i < 2 * SlugFilter.UNLISTED_PER_SECOND; i++) {
			view("made-up-" + unique()).expectStatus().isNotFound();
		}
		// This second's lookups are spent, so nothing says the story exists yet.
		view(slug).expectStatus().isNotFound();

		// The next second's first reader finds it: the earlier miss made no lookup, so it was not remembered.
		this.clock.advance(Duration.ofSeconds(1));
		view(slug).expectStatus().isAccepted();
	}

	private WebTestClient.ResponseSpec view(String slug) {
		return this.client.post().uri("/api/articles/{slug}/views", slug).header("User-Agent", BROWSER).exchange();
	}

}
