package io.readerpulse.audience;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.TestInstance;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one database: each adds into the same minutes, and engaged readers are summed.
 */
class AudienceAcrossInstancesIT extends IntegrationTest {

	private static TestInstance other;

	@BeforeAll
	static void startAnotherInstance() {
		other = TestInstance.start("pulse.views.flush-interval=200ms");
	}

	@AfterAll
	static void stopIt() {
		other.close();
	}

	@Test
	void bothInstancesAddIntoTheSameMinuteAndEngagedReadersAreSummed() {
		String slug = newArticle();
		view(this.client, slug, "reader-here", "https://t.co/x");
		view(other.client(), slug, "reader-there", "https://t.co/y");
		ping(this.client, slug, "reader-here");
		ping(other.client(), slug, "reader-there");

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			Audience audience = audience(slug);
			assertThat(audience.minutes().stream().mapToLong(Audience.MinuteFigures::views).sum()).isEqualTo(2);
			assertThat(audience.minutes().stream().mapToLong(Audience.MinuteFigures::engagedSeconds).sum()).isEqualTo(30);
			assertThat(audience.sources().social()).isEqualTo(2);
			assertThat(audience.referrers()).containsExactly(new Audience.ReferringHost("t.co", 2));
			assertThat(audience.engagedNow()).as("this instance's reader and the other's").isEqualTo(2);
		});
	}

	private Audience audience(String slug) {
		return as(Role.EDITOR, this.client.get().uri("/api/articles/{slug}/audience", slug)).exchange()
			.expectStatus().isOk()
			.expectBody(Audience.class).returnResult().getResponseBody();
	}

	private static void view(WebTestClient client, String slug, String visitor, String referrer) {
		client.post().uri("/api/articles/{slug}/views", slug)
			.header("User-Agent", AudienceApiIT.BROWSER)
			.bodyValue(Map.of("visitorId", visitor, "referrer", referrer))
			.exchange()
			.expectStatus().isAccepted();
	}

	private static void ping(WebTestClient client, String slug, String visitor) {
		client.post().uri("/api/articles/{slug}/pings", slug)
			.header("User-Agent", AudienceApiIT.BROWSER)
			.bodyValue(Map.of("visitorId", visitor))
			.exchange()
			.expectStatus().isAccepted();
	}

}
