package io.readerpulse.article;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flood of made-up slugs costs almost no queries, and real stories, new ones included, are still found.
 */
class SlugLookupsIT extends IntegrationTest {

	private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/120.0.0.0 Safari/537.36";

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
	void aStoryStoredBehindTheServicesBackIsStillFound() {
		// Not created through this instance, so the filter has not heard of it: a lookup for unlisted slugs
		// finds it.
		String slug = "behind-" + unique();
		this.database.sql("""
				with a as (insert into article (slug, title, url, published_at, updated_at)
				           values (:slug, 'Behind', 'https://news.example.com/behind', now(), now()) returning id)
				insert into article_stats (article_id) select id from a""").bind("slug", slug).then().block();
		// Within seconds even right after a flood has used up this second's lookups (an unknown answer is kept 5 s).
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> this.client.post()
			.uri("/api/articles/{slug}/views", slug)
			.header("User-Agent", BROWSER)
			.exchange()
			.expectStatus().isAccepted());
	}

}
