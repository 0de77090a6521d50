package io.readerpulse.imports;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.readerpulse.SseStream.named;
import static org.assertj.core.api.Assertions.assertThat;

class ImportWordPressIT extends IntegrationTest {

	@Test
	void importCreatesAndMatchesStoriesWithThreadedCommentsAtTheirOriginalTimes() {
		String run = unique();
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", "harbour-wall-" + run))
			.bodyValue(Map.of("title", "Harbour wall", "url", "https://news.example.com/harbour-wall"))
			.exchange()
			.expectStatus().isCreated();
		JsonNode report = importWxr(Exports.text("wxr-1.2.xml", run), false).expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(report.get("source").asString()).isEqualTo("wordpress");
		assertThat(report.get("dryRun").asBoolean()).isFalse();
		assertThat(report.at("/stories/created").asLong()).isEqualTo(1);
		assertThat(report.at("/stories/matched").asLong()).isEqualTo(1);
		assertThat(report.at("/comments/imported").asLong()).isEqualTo(7);
		assertThat(report.at("/comments/pending").asLong()).isEqualTo(1);
		assertThat(this.json.convertValue(report.at("/comments/skipped"), Map.class)).isEqualTo(Map.of("spam", 1, "trash", 1,
				"deleted", 0, "pingback", 1, "trackback", 1, "alreadyImported", 0, "orphan", 0));

		String ferry = "ferry-timetable-" + run;
		JsonNode story = get("/api/articles/" + ferry);
		assertThat(story.get("title").asString()).isEqualTo("Ferry timetable changes & what they mean");
		assertThat(story.get("publishedAt").asString()).isEqualTo("2019-04-02T08:00:00Z");
		assertThat(story.at("/stats/comments").asLong()).isEqualTo(4);
		List<JsonNode> comments = get("/api/articles/" + ferry + "/comments?limit=100").get("items").values().stream().toList();
		assertThat(comments).extracting((c) -> c.get("authorName").asString()).containsExactly("Ann", "Bea", "Rhys & Co", "Dee");
		Map<String, JsonNode> byAuthor = new java.util.HashMap<>();
		comments.forEach((c) -> byAuthor.put(c.get("authorName").asString(), c));
		assertThat(byAuthor.get("Rhys & Co").get("parentId").asLong()).isEqualTo(byAuthor.get("Bea").get("id").asLong());
		assertThat(byAuthor.get("Bea").get("parentId").asLong()).isEqualTo(byAuthor.get("Ann").get("id").asLong());
		assertThat(byAuthor.get("Dee").get("parentId").isNull()).isTrue();
		assertThat(byAuthor.get("Ann").get("createdAt").asString()).isEqualTo("2019-04-02T10:00:00Z");
		assertThat(byAuthor.get("Bea").get("body").asString()).isEqualTo("First paragraph.\n\nSecond\nline.");
		assertThat(get("/api/articles/harbour-wall-" + run).at("/stats/comments").asLong()).isEqualTo(2);
	}

	@Test
	void theSameFileAgainImportsNothing() {
		String run = unique();
		String file = Exports.text("wxr-1.2.xml", run);
		importWxr(file, false).expectStatus().isOk();
		JsonNode again = importWxr(file, false).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(again.at("/comments/imported").asLong()).isZero();
		assertThat(again.at("/comments/skipped/alreadyImported").asLong()).isEqualTo(7);
		assertThat(again.at("/stories/created").asLong()).isZero();
		assertThat(get("/api/articles/ferry-timetable-" + run).at("/stats/comments").asLong()).isEqualTo(4);
	}

	@Test
	void aNewerExportImportsOnlyWhatIsNewAndThreadsItUnderEarlierComments() {
		String run = unique();
		String file = Exports.text("wxr-1.2.xml", run);
		importWxr(file, false).expectStatus().isOk();
		String newer = file.replace("</item>\n\t<item>\n\t\t<title>A page", """
				<wp:comment><wp:comment_id>20</wp:comment_id><wp:comment_author>Late Lou</wp:comment_author>
				<wp:comment_date_gmt>2021-01-01 00:00:00</wp:comment_date_gmt><wp:comment_content>Still true.</wp:comment_content>
				<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>1</wp:comment_parent></wp:comment>
				</item>
				<item><title>A page""");
		JsonNode report = importWxr(newer, false).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(report.at("/comments/imported").asLong()).isEqualTo(1);
		List<JsonNode> comments = get("/api/articles/ferry-timetable-" + run + "/comments?limit=100").get("items").values().stream().toList();
		JsonNode ann = comments.stream().filter((c) -> c.get("authorName").asString().equals("Ann")).findFirst().orElseThrow();
		JsonNode lou = comments.stream().filter((c) -> c.get("authorName").asString().equals("Late Lou")).findFirst().orElseThrow();
		assertThat(lou.get("parentId").asLong()).isEqualTo(ann.get("id").asLong());
	}

	@Test
	void aDryRunReportsAndStoresNothing() {
		String run = unique();
		JsonNode report = importWxr(Exports.text("wxr-1.2.xml", run), true).expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(report.get("dryRun").asBoolean()).isTrue();
		assertThat(report.at("/comments/imported").asLong()).isEqualTo(7);
		assertThat(report.at("/stories/created").asLong()).isEqualTo(2);
		this.client.get().uri("/api/articles/ferry-timetable-" + run).exchange().expectStatus().isNotFound();
		assertThat(importedRows("https://gazette-" + run + ".example.org")).isZero();
	}

	@Test
	void aGzipExportLargerThanTheBodyLimitImportsInSeveralBatches() {
		String run = unique();
		StringBuilder file = new StringBuilder("""
				<?xml version="1.0" encoding="UTF-8"?>
				<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.1/"><channel><link>https://big-%s.example.org</link>
				""".formatted(run));
		for (int post = 0; post < 30; post++) {
			file.append("<item><title>Post ").append(post).append("</title><wp:post_id>").append(post)
				.append("</wp:post_id><wp:post_name>big-").append(run).append('-').append(post).append("</wp:post_name>");
			for (int comment = 1; comment <= 150; comment++) {
				file.append("<wp:comment><wp:comment_id>").append(comment).append("</wp:comment_id>")
					.append("<wp:comment_author>Reader ").append(comment).append("</wp:comment_author>")
					.append("<wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt>")
					.append("<wp:comment_content>Comment number ").append(comment).append("</wp:comment_content>")
					.append("<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>").append(comment / 2)
					.append("</wp:comment_parent></wp:comment>");
			}
			file.append("</item>");
		}
		file.append("</channel></rss>");
		byte[] gzip = Exports.gzip(file.toString());
		assertThat(gzip.length).isGreaterThan(16 * 1024);
		JsonNode report = as(Role.ADMIN, this.client.post().uri("/api/imports/wordpress"))
			.contentType(MediaType.APPLICATION_XML)
			.header(HttpHeaders.CONTENT_ENCODING, "gzip")
			.bodyValue(gzip)
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(report.at("/comments/imported").asLong()).isEqualTo(4500);
		assertThat(report.at("/stories/created").asLong()).isEqualTo(30);
		assertThat(get("/api/articles/big-" + run + "-29").at("/stats/comments").asLong()).isEqualTo(150);
		as(Role.ADMIN, this.client.get().uri("/actuator/prometheus")).exchange().expectStatus().isOk()
			.expectBody(String.class).value((metrics) -> assertThat(metrics).contains("pulse_imports_comments_total{"));
	}

	@Test
	void aFileTruncatedHalfwayIsRejectedWithItsPositionAndStoresNothing() {
		String run = unique();
		StringBuilder file = new StringBuilder(Exports.text("wxr-1.2.xml", run));
		// Enough comments before the cut that the first batches are written before the end is found missing.
		String extra = "<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_content>x</wp:comment_content>"
				+ "<wp:comment_approved>1</wp:comment_approved></wp:comment>\n";
		int at = file.indexOf("</item>");
		StringBuilder comments = new StringBuilder();
		for (int i = 100; i < 5100; i++) {
			comments.append(extra.formatted(i));
		}
		file.insert(at, comments);
		String truncated = file.substring(0, file.length() - 400);
		JsonNode problem = importWxr(truncated, false).expectStatus().isBadRequest()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(problem.get("line").asInt()).isGreaterThan(5000);
		assertThat(problem.get("column").asInt()).isPositive();
		this.client.get().uri("/api/articles/ferry-timetable-" + run).exchange().expectStatus().isNotFound();
		assertThat(importedRows("https://gazette-" + run + ".example.org")).isZero();
	}

	@Test
	void externalEntitiesAreRefused() {
		JsonNode problem = importWxr(Exports.text("xxe.xml", unique()), false).expectStatus().isBadRequest()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(problem.get("line").asInt()).isPositive();
		assertThat(problem.toString()).doesNotContain("root:");
	}

	@Test
	void aFileThatIsNotAWordPressExportIsRejected() {
		importWxr("<?xml version=\"1.0\"?>\n<html><body/></html>", false).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.line").isEqualTo(2).jsonPath("$.column").exists();
	}

	@Test
	void onlyAdministratorsImport() {
		as(Role.MODERATOR, this.client.post().uri("/api/imports/wordpress")).contentType(MediaType.APPLICATION_XML)
			.bodyValue("<rss/>").exchange().expectStatus().isForbidden();
		this.client.post().uri("/api/imports/wordpress").contentType(MediaType.APPLICATION_XML)
			.bodyValue("<rss/>").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void openStreamsOfAnAffectedStoryResetAndNothingTrends() {
		String slug = newArticle();
		String run = unique();
		String file = """
				<?xml version="1.0" encoding="UTF-8"?>
				<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://live-%s.example.org</link>
				<item><title>Live</title><wp:post_id>1</wp:post_id><wp:post_name>%s</wp:post_name>
				<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Old Reader</wp:comment_author>
				<wp:comment_author_email>old-%s@example.net</wp:comment_author_email>
				<wp:comment_date_gmt>2018-01-01 00:00:00</wp:comment_date_gmt><wp:comment_content>From the archive</wp:comment_content>
				<wp:comment_approved>1</wp:comment_approved></wp:comment></item></channel></rss>
				""".formatted(run, slug, run);
		try (SseStream stream = openStream("/api/articles/{slug}/stream", slug)) {
			stream.awaitEvent(named("stats"), Duration.ofSeconds(5));
			importWxr(file, false).expectStatus().isOk();
			SseStream.Event reset = stream.awaitEvent(named("reset"), Duration.ofSeconds(5));
			assertThat(reset.id()).isNotBlank();
			assertThat(stream.events(named("comment"))).isEmpty();
		}
		// A stream that resumes from before the import is told to reload as well.
		try (SseStream resumed = openStream("/api/articles/{slug}/stream?lastEventId=0", slug)) {
			resumed.awaitEvent(named("reset"), Duration.ofSeconds(5));
		}
		Double trend = this.database.sql("select s.n_trend from article_stats s join article a on a.id = s.article_id where a.slug = :slug")
			.bind("slug", slug).map((row) -> row.get("n_trend", Double.class)).one().block();
		assertThat(trend).isZero();
		assertThat(get("/api/articles/" + slug).at("/stats/comments").asLong()).isEqualTo(1);
	}

	@Test
	void emailsAreShownToModeratorsOnly() {
		String run = unique();
		importWxr(Exports.text("wxr-1.2.xml", run), false).expectStatus().isOk();
		String published = this.client.get().uri("/api/articles/ferry-timetable-" + run + "/comments?limit=100").exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(published).contains("Ann").doesNotContain("@example.net");
		as(Role.MODERATOR, this.client.get().uri("/api/moderation/comments?status=PENDING&limit=100")).exchange()
			.expectBody(String.class).value((body) -> assertThat(body).contains("walt-" + run + "@example.net"));
	}

	private WebTestClient.ResponseSpec importWxr(String file, boolean dryRun) {
		return as(Role.ADMIN, this.client.post().uri("/api/imports/wordpress?dryRun={dryRun}", dryRun))
			.contentType(MediaType.APPLICATION_XML)
			.bodyValue(file.getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.exchange();
	}

	private JsonNode get(String path) {
		return this.client.get().uri(path).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
			.getResponseBody();
	}

	private long importedRows(String site) {
		return this.database.sql("select count(*) as n from imported_comment where site = :site").bind("site", site)
			.map((row) -> row.get("n", Long.class)).one().block();
	}

}
