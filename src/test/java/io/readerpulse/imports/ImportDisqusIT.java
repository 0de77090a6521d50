package io.readerpulse.imports;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.readerpulse.IntegrationTest;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ImportDisqusIT extends IntegrationTest {

	@Test
	void threadsOfOnePageBecomeOneStoryAndRepliesToSkippedPostsMoveUp() {
		String run = unique();
		JsonNode report = importDisqus(Exports.text("disqus.xml", run)).expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(report.get("source").asString()).isEqualTo("disqus");
		assertThat(report.at("/stories/created").asLong()).isEqualTo(2);
		assertThat(report.at("/comments/imported").asLong()).isEqualTo(3);
		assertThat(this.json.convertValue(report.at("/comments/skipped"), Map.class)).isEqualTo(Map.of("spam", 1, "trash", 0,
				"deleted", 1, "pingback", 0, "trackback", 0, "alreadyImported", 0, "orphan", 1));
		assertThat(report.get("problems").toString()).contains("isSpam is 'nope'");

		JsonNode story = get("/api/articles/market-day-" + run);
		assertThat(story.get("title").asString()).isEqualTo("Market day & the rain");
		assertThat(story.get("url").asString()).isEqualTo("http://quay-" + run + ".example.com/news/market-day-" + run);
		assertThat(story.at("/stats/comments").asLong()).isEqualTo(2);
		List<JsonNode> comments = get("/api/articles/market-day-" + run + "/comments?limit=100").get("items").values().stream().toList();
		assertThat(comments).extracting((c) -> c.get("authorName").asString()).containsExactly("Ida", "Jo");
		assertThat(comments.get(1).get("parentId").asLong()).isEqualTo(comments.get(0).get("id").asLong());
		assertThat(comments.get(0).get("createdAt").asString()).isEqualTo("2016-05-01T09:00:00Z");
		assertThat(get("/api/articles/bridge-" + run + "/comments?limit=100").toString()).contains("The bridge <3")
			.doesNotContain("@example.com");
	}

	@Test
	void theSameExportAgainImportsNothing() {
		String file = Exports.text("disqus.xml", unique());
		importDisqus(file).expectStatus().isOk();
		JsonNode again = importDisqus(file).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(again.at("/comments/imported").asLong()).isZero();
		assertThat(again.at("/comments/skipped/alreadyImported").asLong()).isEqualTo(3);
	}

	@Test
	void aGzipFileIsReadAsSuchEvenWhenTheRequestDoesNotSaySo() {
		JsonNode report = as(Role.ADMIN, this.client.post().uri("/api/imports/disqus"))
			.contentType(MediaType.APPLICATION_XML)
			.bodyValue(Exports.gzip(Exports.text("disqus.xml", unique())))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(report.at("/comments/imported").asLong()).isEqualTo(3);
	}

	@Test
	void entityExpansionIsRefusedWithItsPosition() {
		importDisqus(Exports.text("billion-laughs.xml", unique())).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.line").isNumber().jsonPath("$.column").isNumber();
	}

	@Test
	void aWordPressExportIsNotADisqusOne() {
		importDisqus(Exports.text("wxr-1.2.xml", unique())).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.line").isNumber().jsonPath("$.detail").value((detail) -> assertThat(detail.toString()).contains("<rss>"));
	}

	private WebTestClient.ResponseSpec importDisqus(String file) {
		return as(Role.ADMIN, this.client.post().uri("/api/imports/disqus"))
			.contentType(MediaType.TEXT_XML)
			.bodyValue(file.getBytes(StandardCharsets.UTF_8))
			.exchange();
	}

	private JsonNode get(String path) {
		return this.client.get().uri(path).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
			.getResponseBody();
	}

}
