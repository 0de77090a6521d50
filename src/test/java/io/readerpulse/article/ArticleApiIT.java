package io.readerpulse.article;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.readerpulse.IntegrationTest;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ArticleApiIT extends IntegrationTest {

	@Test
	void putNewArticleThenCreatedWithZeroStats() {
		String slug = "story-" + unique();
		Instant published = Instant.parse("2024-06-22T08:40:00Z");
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", slug))
			.bodyValue(Map.of("title", "Kim had fun with the driver Putin", "url", "https://news.example.com/" + slug,
					"section", "world", "summary", "A video went viral.", "publishedAt", published.toString()))
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals("Location", "/api/articles/" + slug)
			.expectBody()
			.jsonPath("$.slug").isEqualTo(slug)
			.jsonPath("$.title").isEqualTo("Kim had fun with the driver Putin")
			.jsonPath("$.section").isEqualTo("world")
			.jsonPath("$.summary").isEqualTo("A video went viral.")
			.jsonPath("$.publishedAt").isEqualTo("2024-06-22T08:40:00Z")
			.jsonPath("$.updatedAt").isNotEmpty()
			.jsonPath("$.stats.views").isEqualTo(0)
			.jsonPath("$.stats.uniqueVisitors").isEqualTo(0)
			.jsonPath("$.stats.comments").isEqualTo(0)
			.jsonPath("$.stats.reactions.like").isEqualTo(0)
			.jsonPath("$.stats.reactions.angry").isEqualTo(0)
			.jsonPath("$.stats.readingNow").isEqualTo(0)
			.jsonPath("$.stats.trending.score").isEqualTo(0.0)
			.jsonPath("$.stats.trending.viral").isEqualTo(false);
	}

	@Test
	void putExistingArticleThenOkAndUpdatedKeepingPublicationTime() {
		String slug = create("2024-06-22T08:40:00Z");
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", slug))
			.bodyValue(Map.of("title", "Updated headline", "url", "https://news.example.com/updated", "updatedAt",
					"2024-06-22T09:07:00Z"))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.title").isEqualTo("Updated headline")
			.jsonPath("$.url").isEqualTo("https://news.example.com/updated")
			.jsonPath("$.section").isEmpty()
			.jsonPath("$.publishedAt").isEqualTo("2024-06-22T08:40:00Z")
			.jsonPath("$.updatedAt").isEqualTo("2024-06-22T09:07:00Z");
		this.client.get().uri("/api/articles/{slug}", slug).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.title").isEqualTo("Updated headline");
	}

	@Test
	void putWithoutPublicationTimeThenPublishedNow() {
		String slug = "story-" + unique();
		Instant before = Instant.now().minusSeconds(5);
		Article article = as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", slug))
			.bodyValue(Map.of("title", "Now", "url", "https://news.example.com/now"))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Article.class).returnResult().getResponseBody();
		assertThat(article).isNotNull();
		assertThat(article.publishedAt()).isAfter(before);
		assertThat(article.section()).isNull();
	}

	@Test
	void getUnknownArticleThenNotFoundProblem() {
		this.client.get().uri("/api/articles/no-such-story-{id}", unique()).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("about:blank")
			.jsonPath("$.title").isEqualTo("Not Found")
			.jsonPath("$.status").isEqualTo(404)
			.jsonPath("$.detail").isNotEmpty();
	}

	@Test
	void getWithInvalidSlugThenBadRequestNamingSlug() {
		this.client.get().uri("/api/articles/Not_A_Slug").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.slug").isNotEmpty();
	}

	@Test
	void putWithInvalidSlugThenBadRequest() {
		String tooLong = "a".repeat(121);
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", tooLong))
			.bodyValue(Map.of("title", "x", "url", "https://news.example.com/x"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.slug").isNotEmpty();
	}

	@Test
	void putWithInvalidFieldsThenBadRequestListingEachField() {
		as(Role.EDITOR, this.client.put().uri("/api/articles/story-{id}", unique()))
			.bodyValue(Map.of("title", " ", "url", "ftp://example.com/file", "section", "World News"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(400)
			.jsonPath("$.errors.title").isNotEmpty()
			.jsonPath("$.errors.url").isEqualTo("must be an absolute http or https URL")
			.jsonPath("$.errors.section").isNotEmpty();
	}

	@Test
	void putWithMissingRequiredFieldsThenBadRequest() {
		as(Role.EDITOR, this.client.put().uri("/api/articles/story-{id}", unique()))
			.bodyValue(Map.of("summary", "no title, no url"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors.title").isNotEmpty()
			.jsonPath("$.errors.url").isNotEmpty();
	}

	@Test
	void putWithMalformedJsonThenBadRequestWithoutInternals() {
		String body = as(Role.EDITOR, this.client.put().uri("/api/articles/story-{id}", unique()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\": ")
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).doesNotContain("io.readerpulse").doesNotContain("Exception").doesNotContain("at ");
	}

	@Test
	void putWithWrongTypeThenBadRequest() {
		as(Role.EDITOR, this.client.put().uri("/api/articles/story-{id}", unique()))
			.bodyValue(Map.of("title", "x", "url", "https://news.example.com/x", "publishedAt", "yesterday"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").isNotEmpty();
	}

	@Test
	void putWithBodyOver16KibThenContentTooLarge() {
		String summary = "x".repeat(17 * 1024);
		as(Role.EDITOR, this.client.put().uri("/api/articles/story-{id}", unique()))
			.bodyValue(Map.of("title", "x", "url", "https://news.example.com/x", "summary", summary))
			.exchange()
			.expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(413);
	}

	@Test
	void putWithoutContentTypeThenUnsupportedMediaType() {
		as(Role.EDITOR, this.client.put().uri("/api/articles/story-{id}", unique()))
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("title=x")
			.exchange()
			.expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void patchArticleThenMethodNotAllowedWithAllowHeader(CapturedOutput log) {
		String slug = create("2024-01-01T00:00:00Z");
		this.client.method(HttpMethod.PATCH).uri("/api/articles/{slug}", slug).exchange()
			.expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().value("Allow", (allow) -> assertThat(allow).contains("GET", "PUT", "DELETE"))
			.expectBody().jsonPath("$.status").isEqualTo(405);
		// The 405 is the whole answer: no 401 written after it (which would fail, and log, once the 405 is out).
		this.client.get().uri("/api/articles/{slug}", slug).exchange().expectStatus().isOk();
		assertThat(log.getOut()).doesNotContain("PATCH \"/api/articles/" + slug + "\", but ServerHttpResponse already committed");
	}

	@Test
	void putAnonymouslyThenUnauthorizedChallenge() {
		this.client.put().uri("/api/articles/story-{id}", unique())
			.bodyValue(Map.of("title", "x", "url", "https://news.example.com/x"))
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("WWW-Authenticate", "Basic realm=\"Reader Pulse\"")
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(401);
	}

	@Test
	void putWithWrongPasswordThenUnauthorized() {
		this.client.put().uri("/api/articles/story-{id}", unique())
			.headers((headers) -> headers.setBasicAuth(staff(Role.EDITOR).username(), "wrong password"))
			.bodyValue(Map.of("title", "x", "url", "https://news.example.com/x"))
			.exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void putAsModeratorThenForbidden() {
		Credentials moderator = staff(Role.MODERATOR);
		this.client.put().uri("/api/articles/story-{id}", unique())
			.headers((headers) -> headers.setBasicAuth(moderator.username(), moderator.password()))
			.bodyValue(Map.of("title", "x", "url", "https://news.example.com/x"))
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void putAndDeleteAsAdminThenAllowed() {
		Credentials admin = staff(Role.ADMIN);
		String slug = "story-" + unique();
		this.client.put().uri("/api/articles/{slug}", slug)
			.headers((headers) -> headers.setBasicAuth(admin.username(), admin.password()))
			.bodyValue(Map.of("title", "x", "url", "https://news.example.com/x"))
			.exchange()
			.expectStatus().isCreated();
		this.client.delete().uri("/api/articles/{slug}", slug)
			.headers((headers) -> headers.setBasicAuth(admin.username(), admin.password()))
			.exchange()
			.expectStatus().isNoContent();
	}

	@Test
	void deleteThenArticleDisappearsFromReads() {
		String slug = create("2024-03-01T00:00:00Z");
		as(Role.EDITOR, this.client.delete().uri("/api/articles/{slug}", slug)).exchange().expectStatus().isNoContent();
		this.client.get().uri("/api/articles/{slug}", slug).exchange().expectStatus().isNotFound();
		assertThat(listAll()).doesNotContain(slug);
		as(Role.EDITOR, this.client.delete().uri("/api/articles/{slug}", slug)).exchange().expectStatus().isNotFound();
	}

	@Test
	void deleteAnonymouslyThenUnauthorizedAndArticleStays() {
		String slug = create("2024-03-01T00:00:00Z");
		this.client.delete().uri("/api/articles/{slug}", slug).exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/api/articles/{slug}", slug).exchange().expectStatus().isOk();
	}

	@Test
	void listThenNewestPublishedFirstAcrossPagesWithoutGapsOrDuplicates() {
		// Far-future, run-specific times put these stories at the head of a shared database's list.
		Instant base = Instant.parse("2900-01-01T00:00:00Z")
			.plus(ThreadLocalRandom.current().nextInt(300_000), ChronoUnit.DAYS);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			expected.add(0, create(base.plus(i, ChronoUnit.HOURS).toString()));
		}
		// Two stories with the same publication time still get a stable order.
		String twin = create(base.plus(4, ChronoUnit.HOURS).toString());
		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Map<String, Object> page = page(2, cursor);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
			assertThat(items).hasSizeLessThanOrEqualTo(2);
			items.forEach((item) -> seen.add((String) item.get("slug")));
			cursor = (String) page.get("nextCursor");
			pages++;
		}
		while (cursor != null && !seen.containsAll(expected) && pages < 1000);
		List<String> ours = seen.stream().filter((slug) -> expected.contains(slug) || slug.equals(twin)).toList();
		List<String> newestFirst = new ArrayList<>(expected);
		newestFirst.add(0, twin);
		assertThat(ours).containsExactlyElementsOf(newestFirst);
	}

	@Test
	void listWithDefaultLimitThenAtMostTwentyItems() {
		for (int i = 0; i < 21; i++) {
			create("2024-02-01T00:00:00Z");
		}
		Map<String, Object> page = page(null, null);
		assertThat((List<?>) page.get("items")).hasSize(20);
		assertThat(page.get("nextCursor")).isNotNull();
	}

	@Test
	void listWithLimitOutOfRangeThenBadRequest() {
		this.client.get().uri("/api/articles?limit=0").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.limit").isNotEmpty();
		this.client.get().uri("/api/articles?limit=101").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.limit").isNotEmpty();
		this.client.get().uri("/api/articles?limit=ten").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.limit").isNotEmpty();
	}

	@Test
	void listWithForgedCursorThenBadRequest() {
		this.client.get().uri("/api/articles?cursor=not-a-cursor").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.cursor").isNotEmpty();
	}

	private String create(String publishedAt) {
		String slug = "story-" + unique();
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", slug))
			.bodyValue(Map.of("title", "Story " + slug, "url", "https://news.example.com/" + slug, "publishedAt",
					publishedAt))
			.exchange()
			.expectStatus().isCreated();
		return slug;
	}

	private Map<String, Object> page(Integer limit, String cursor) {
		return this.client.get()
			.uri((uri) -> uri.path("/api/articles")
				.queryParamIfPresent("limit", java.util.Optional.ofNullable(limit))
				.queryParamIfPresent("cursor", java.util.Optional.ofNullable(cursor))
				.build())
			.exchange()
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private List<String> listAll() {
		List<String> slugs = new ArrayList<>();
		String cursor = null;
		do {
			Map<String, Object> page = page(100, cursor);
			((List<Map<String, Object>>) page.get("items")).forEach((item) -> slugs.add((String) item.get("slug")));
			cursor = (String) page.get("nextCursor");
		}
		while (cursor != null);
		return slugs;
	}

}
