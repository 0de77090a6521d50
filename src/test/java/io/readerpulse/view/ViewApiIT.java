package io.readerpulse.view;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.readerpulse.IntegrationTest;
import io.readerpulse.live.Stats;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ViewApiIT extends IntegrationTest {

	static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/120.0.0.0 Safari/537.36";

	@Test
	void beaconsAreTimedAsServerRequestsBesideTheRestOfTheApi() {
		String slug = newArticle();
		beacon(slug).header("X-Visitor-Id", "timed-reader").exchange().expectStatus().isAccepted();
		this.client.post().uri("/api/articles/{slug}/pings", slug).exchange().expectStatus().isAccepted();
		this.client.post().uri("/api/articles/{slug}/views", "Not A Slug").exchange().expectStatus().isBadRequest();
		this.client.get().uri("/api/articles/{slug}", slug).exchange().expectStatus().isOk();
		as(Role.ADMIN, this.client.get().uri("/actuator/prometheus")).exchange().expectStatus().isOk()
			.expectBody(String.class).value((metrics) -> assertThat(metrics)
				.containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\",outcome=\"SUCCESS\","
						+ "status=\"202\",uri=\"/api/articles/\\{slug}/views\"} [1-9]")
				.containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"202\",uri=\"/api/articles/\\{slug}/pings\"}")
				.containsPattern("http_server_requests_seconds_count\\{[^}]*outcome=\"CLIENT_ERROR\",status=\"400\","
						+ "uri=\"/api/articles/\\{slug}/views\"}")
				// The rest of the API's requests, timed by WebFlux, in the same family.
				.containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/articles/\\{slug}\"}"));
	}

	@Test
	void sameVisitorTwiceThenCountedOnce() {
		String slug = newArticle();
		beacon(slug).bodyValue(Map.of("visitorId", "reader-1")).exchange().expectStatus().isAccepted()
			.expectBody().isEmpty();
		beacon(slug).bodyValue(Map.of("visitorId", "reader-1")).exchange().expectStatus().isAccepted();
		beacon(slug).bodyValue(Map.of("visitorId", "reader-2")).exchange().expectStatus().isAccepted();
		awaitCounts(slug, 2, 2);
		beacon(slug).bodyValue(Map.of("visitorId", "reader-2")).exchange().expectStatus().isAccepted();
		assertCountsStay(slug, 2, 2);
	}

	@Test
	void visitorHeaderIdentifiesTheVisitor() {
		String slug = newArticle();
		beacon(slug).header("X-Visitor-Id", "header-reader").exchange().expectStatus().isAccepted();
		beacon(slug).header("X-Visitor-Id", "header-reader").exchange().expectStatus().isAccepted();
		beacon(slug).header("X-Visitor-Id", "other-reader").exchange().expectStatus().isAccepted();
		awaitCounts(slug, 2, 2);
	}

	@Test
	void withoutIdTheAddressAndUserAgentIdentifyTheVisitor() {
		String slug = newArticle();
		beacon(slug).exchange().expectStatus().isAccepted();
		beacon(slug).exchange().expectStatus().isAccepted();
		beaconAs(slug, BROWSER + " Edg/120.0").exchange().expectStatus().isAccepted();
		awaitCounts(slug, 2, 2);
	}

	@Test
	void sendBeaconTextPlainBodyIsRead() {
		String slug = newArticle();
		beacon(slug).contentType(MediaType.TEXT_PLAIN).bodyValue("{\"visitorId\":\"beacon-reader\"}")
			.exchange().expectStatus().isAccepted();
		// The same visitor through the header: the body's id was used, so this is a repeat.
		beacon(slug).header("X-Visitor-Id", "beacon-reader").exchange().expectStatus().isAccepted();
		awaitCounts(slug, 1, 1);
	}

	@Test
	void crawlersAndClientsWithoutUserAgentAreAcceptedButNotCounted() {
		String slug = newArticle();
		beaconAs(slug, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
			.exchange().expectStatus().isAccepted();
		beaconAs(slug, "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")
			.bodyValue(Map.of("visitorId", "bing")).exchange().expectStatus().isAccepted();
		beaconAs(slug, "").exchange().expectStatus().isAccepted();
		beacon(slug).bodyValue(Map.of("visitorId", "the-one-reader")).exchange().expectStatus().isAccepted();
		awaitCounts(slug, 1, 1);
		assertCountsStay(slug, 1, 1);
	}

	@Test
	void unknownArticleThenNotFound() {
		beacon("no-such-story-" + unique()).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void invalidBeaconsThenBadRequest() {
		String slug = newArticle();
		beacon(slug).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"visitorId\":")
			.exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.body").isNotEmpty();
		beacon(slug).bodyValue(Map.of("visitorId", "x".repeat(129)))
			.exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.visitorId").isNotEmpty();
		beacon("Bad_Slug").exchange().expectStatus().isBadRequest();
		assertCountsStay(slug, 0, 0);
	}

	@Test
	void beaconsFromPagesFollowTheCorsAllowList() {
		String slug = newArticle();
		beacon(slug).header("Origin", "https://news.example.com").bodyValue(Map.of("visitorId", "cors-reader"))
			.exchange()
			.expectStatus().isAccepted()
			.expectHeader().valueEquals("Access-Control-Allow-Origin", "https://news.example.com");
		beacon(slug).header("Origin", "https://evil.example.org").bodyValue(Map.of("visitorId", "cors-other"))
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		awaitCounts(slug, 1, 1);
	}

	@Test
	void sixteenConcurrentSendersAreCountedExactly() {
		String slug = newArticle();
		int senders = 16;
		int perSender = 250;
		WebClient web = WebClient.create("http://localhost:" + port());
		Long accepted = Flux.range(0, senders * perSender)
			.flatMap((i) -> web.post().uri("/api/articles/{slug}/views", slug)
				.header("User-Agent", BROWSER)
				.header("X-Visitor-Id", "concurrent-" + i)
				.retrieve()
				.toBodilessEntity(), senders)
			.filter((response) -> response.getStatusCode().value() == 202)
			.count()
			.block(Duration.ofSeconds(60));
		assertThat(accepted).isEqualTo(senders * perSender);
		awaitCounts(slug, senders * perSender, senders * perSender);
	}

	private WebTestClient.RequestBodySpec beacon(String slug) {
		return beaconAs(slug, BROWSER);
	}

	private WebTestClient.RequestBodySpec beaconAs(String slug, String userAgent) {
		WebTestClient.RequestBodySpec spec = this.client.post().uri("/api/articles/{slug}/views", slug);
		spec.headers((headers) -> headers.set("User-Agent", userAgent));
		return spec;
	}

	private void awaitCounts(String slug, long views, long uniqueVisitors) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Stats stats = statsOf(slug);
			assertThat(stats.views()).isEqualTo(views);
			assertThat(stats.uniqueVisitors()).isEqualTo(uniqueVisitors);
		});
	}

	private void assertCountsStay(String slug, long views, long uniqueVisitors) {
		// Several flush intervals: a view that was wrongly counted would show up by then.
		await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
			Stats stats = statsOf(slug);
			assertThat(stats.views()).isEqualTo(views);
			assertThat(stats.uniqueVisitors()).isEqualTo(uniqueVisitors);
		});
	}

}
