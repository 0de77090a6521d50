package io.readerpulse.article;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.TestInstance;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one database: a story created on one is known to the other at once, and its readers there
 * are answered even while that instance's lookups for slugs it has not heard of are spent (by a flood of
 * made-up slugs, say). Before, the other instance knew it only from its next rebuild of the slug filter.
 */
class StoriesAcrossInstancesIT extends IntegrationTest {

	private static TestInstance other;

	@BeforeAll
	static void startAnotherInstance() {
		other = TestInstance.start();
	}

	@AfterAll
	static void stopIt() {
		other.close();
	}

	@Test
	void aStoryCreatedHereIsFoundThereWhileItsLookupsForUnlistedSlugsAreSpent() {
		SlugFilter there = other.context().getBean(SlugFilter.class);
		await().atMost(Duration.ofSeconds(10)).until(there::isBuilt);

		String slug = newArticle();

		await().atMost(Duration.ofSeconds(10)).until(() -> there.listed(slug));
		spendLookupsForUnlistedSlugs(other);
		view(other.client(), slug).expectStatus().isAccepted();
	}

	/**
	 * Made-up slugs until the instance turns one away without a lookup: the current second's lookups for
	 * slugs it has not heard of are spent.
	 */
	private static void spendLookupsForUnlistedSlugs(TestInstance instance) {
		Counter skipped = instance.context().getBean(MeterRegistry.class).counter("pulse.articles.lookups.skipped");
		double before = skipped.count();
		for (int i = 0; i < 10 * SlugFilter.UNLISTED_PER_SECOND && skipped.count() == before; i++) {
			view(instance.client(), "made-up-" + unique()).expectStatus().isNotFound();
		}
		assertThat(skipped.count()).as("made-up slugs turned away without a lookup").isGreaterThan(before);
	}

	private static WebTestClient.ResponseSpec view(WebTestClient client, String slug) {
		return client.post().uri("/api/articles/{slug}/views", slug).header("User-Agent", BROWSER).exchange();
	}

}
