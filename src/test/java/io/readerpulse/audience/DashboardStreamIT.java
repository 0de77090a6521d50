package io.readerpulse.audience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static io.readerpulse.SseStream.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The editors' live board over real SSE.
 */
class DashboardStreamIT extends IntegrationTest {

	@Autowired
	private MeterRegistry meters;

	@Test
	void theBoardIsForStaffOnly() {
		this.client.get().uri("/api/dashboard/stream").exchange().expectStatus().isUnauthorized();
		String token = deviceToken();
		this.client.get().uri("/api/dashboard/stream")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus().isForbidden();
		as(Role.EDITOR, this.client.get().uri("/api/dashboard/stream?limit=0")).exchange().expectStatus().isBadRequest();
		for (Role role : Role.values()) {
			try (SseStream stream = dashboard(role, "/api/dashboard/stream?limit=1")) {
				stream.awaitEvent(named("board"), Duration.ofSeconds(5));
			}
		}
	}

	@Test
	void theBoardShowsWhatTheAudienceShows() {
		String section = "dash-" + unique();
		String slug = story(section);
		for (int i = 0; i < 4; i++) {
			view(slug, "dash-reader-" + i, (i % 2 == 0) ? "https://t.co/x" : null);
		}
		ping(slug, "dash-reader-0");
		try (SseStream reader = openStream("/api/articles/{slug}/stream", slug);
				SseStream board = dashboard(Role.EDITOR, "/api/dashboard/stream?section=" + section)) {
			reader.awaitEvent(named("stats"), Duration.ofSeconds(5));
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				JsonNode item = itemOf(board.awaitLatest("board", (event) -> true, Duration.ofSeconds(5)).json(), slug);
				assertThat(item).as("the story is on its section's board").isNotNull();
				assertThat(item.get("viewsLastHour").asLong()).isEqualTo(4);
				assertThat(item.get("readingNow").asLong()).isEqualTo(1);
				assertThat(item.get("engagedNow").asLong()).isEqualTo(1);
				assertThat(item.get("rank").asInt()).isEqualTo(1);
				assertThat(item.get("section").asString()).isEqualTo(section);
				assertThat(item.has("why")).isTrue();

				Audience audience = as(Role.EDITOR, this.client.get().uri("/api/articles/{slug}/audience?minutes=60", slug))
					.exchange().expectStatus().isOk().expectBody(Audience.class).returnResult().getResponseBody();
				List<Long> perMinute = new ArrayList<>();
				item.get("perMinute").forEach((count) -> perMinute.add(count.asLong()));
				assertThat(perMinute).hasSize(60)
					.isEqualTo(audience.minutes().stream().map(Audience.MinuteFigures::views).toList());
				assertThat(this.json.treeToValue(item.get("sources"), Audience.Sources.class)).isEqualTo(audience.sources());
				assertThat(audience.sources()).isEqualTo(new Audience.Sources(2, 0, 0, 2, 0));
				assertThat(item.get("engagedNow").asLong()).isEqualTo(audience.engagedNow());
			});
		}
	}

	@Test
	void oneBoardIsComputedPerTickWhateverTheNumberOfDashboards() {
		String section = "dash-" + unique();
		String slug = story(section);
		view(slug, "tick-reader", null);
		List<SseStream> dashboards = new ArrayList<>();
		try {
			for (int i = 0; i < 6; i++) {
				dashboards.add(dashboard(Role.EDITOR, "/api/dashboard/stream?limit=7&section=" + section));
			}
			dashboards.forEach((stream) -> stream.awaitEvent(named("board"), Duration.ofSeconds(5)));
			long before = computations();
			long started = System.nanoTime();
			await().atMost(Duration.ofSeconds(15)).until(() -> computations() >= before + 4);
			long computed = computations() - before;
			double seconds = (System.nanoTime() - started) / 1e9;
			// One a second (the board interval) for six dashboards, not six a second.
			assertThat(computed).isLessThanOrEqualTo((long) Math.ceil(seconds) + 2);
		}
		finally {
			dashboards.forEach(SseStream::close);
		}
	}

	private long computations() {
		return this.meters.timer("pulse.dashboard.board").count();
	}

	private SseStream dashboard(Role role, String path) {
		Credentials credentials = staff(role);
		String basic = Base64.getEncoder()
			.encodeToString((credentials.username() + ":" + credentials.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return sse(path).header(HttpHeaders.AUTHORIZATION, "Basic " + basic).open();
	}

	private static JsonNode itemOf(JsonNode board, String slug) {
		for (JsonNode item : board.get("items")) {
			if (item.get("slug").asString().equals(slug)) {
				return item;
			}
		}
		return null;
	}

	private String story(String section) {
		String slug = "story-" + unique();
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", slug))
			.bodyValue(Map.of("title", "Story " + slug, "url", "https://news.example.com/" + slug, "section", section))
			.exchange()
			.expectStatus().isCreated();
		return slug;
	}

	private void view(String slug, String visitor, String referrer) {
		Map<String, String> body = new java.util.HashMap<>(Map.of("visitorId", visitor));
		if (referrer != null) {
			body.put("referrer", referrer);
		}
		this.client.post().uri("/api/articles/{slug}/views", slug)
			.header("User-Agent", AudienceApiIT.BROWSER)
			.bodyValue(body)
			.exchange()
			.expectStatus().isAccepted();
	}

	private void ping(String slug, String visitor) {
		this.client.post().uri("/api/articles/{slug}/pings", slug)
			.header("User-Agent", AudienceApiIT.BROWSER)
			.bodyValue(Map.of("visitorId", visitor))
			.exchange()
			.expectStatus().isAccepted();
	}

}
