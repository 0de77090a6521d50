package io.readerpulse.comment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;
import io.readerpulse.SseStream.Event;
import io.readerpulse.live.Stats;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static io.readerpulse.SseStream.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CommentApiIT extends IntegrationTest {

	@Test
	void guestCommentIsPublishedAndListedWithoutTheEmail() {
		String slug = newArticle();
		post(slug, Map.of("name", "Ann", "email", "ann-secret@example.com", "body", "<b>Not bold</b> & plain"))
			.expectStatus().isCreated()
			.expectBody()
			.jsonPath("$.status").isEqualTo("PUBLISHED")
			.jsonPath("$.authorName").isEqualTo("Ann")
			.jsonPath("$.body").isEqualTo("<b>Not bold</b> & plain")
			.jsonPath("$.articleSlug").isEqualTo(slug)
			.jsonPath("$.email").doesNotExist();
		this.client.get().uri("/api/articles/{slug}/comments", slug).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.items[0].body").isEqualTo("<b>Not bold</b> & plain")
			.jsonPath("$.items[0].email").doesNotExist();
		assertThat(statsOf(slug).comments()).isEqualTo(1);
	}

	@Test
	void eachMissingOrInvalidFieldIsNamed() {
		String slug = newArticle();
		post(slug, Map.of()).expectStatus().isBadRequest().expectBody()
			.jsonPath("$.errors.name").isNotEmpty()
			.jsonPath("$.errors.email").isNotEmpty()
			.jsonPath("$.errors.body").isNotEmpty();
		post(slug, Map.of("name", "x".repeat(81), "email", "not-an-address", "body", "y".repeat(5001)))
			.expectStatus().isBadRequest().expectBody()
			.jsonPath("$.errors.name").isNotEmpty()
			.jsonPath("$.errors.email").isEqualTo("must be a valid email address")
			.jsonPath("$.errors.body").isNotEmpty();
		post(slug, Map.of("name", "Ann", "email", "ann@example.com", "body", " \u200B\u00A0 ")).expectStatus()
			.isBadRequest();
		post("no-such-story-" + unique(), Map.of("name", "Ann", "email", "ann@example.com", "body", "hi"))
			.expectStatus().isNotFound();
	}

	@Test
	void repliesMustAnswerAPublishedCommentOfTheSameStory() {
		String slug = newArticle();
		long parent = id(post(slug, comment("parent")));
		post(slug, Map.of("name", "Bo", "email", "bo@example.com", "body", "a reply", "parentId", parent))
			.expectStatus().isCreated()
			.expectBody().jsonPath("$.parentId").isEqualTo((int) parent);
		long held = id(post(slug, comment("forbiddenword here")));
		post(slug, Map.of("name", "Bo", "email", "bo@example.com", "body", "to a held one", "parentId", held))
			.expectStatus().isBadRequest().expectBody().jsonPath("$.errors.parentId").isNotEmpty();
		long elsewhere = id(post(newArticle(), comment("other story")));
		post(slug, Map.of("name", "Bo", "email", "bo@example.com", "body", "cross", "parentId", elsewhere))
			.expectStatus().isBadRequest();
		post(slug, Map.of("name", "Bo", "email", "bo@example.com", "body", "ghost", "parentId", 999_999_999))
			.expectStatus().isBadRequest();
	}

	@Test
	void moderationStepsHoldOrReject() {
		String slug = newArticle();
		post(slug, comment("I say VERBOTEN loudly")).expectStatus().isCreated()
			.expectBody().jsonPath("$.status").isEqualTo("PENDING");
		post(slug, comment("forbiddenwords is a different word")).expectStatus().isCreated()
			.expectBody().jsonPath("$.status").isEqualTo("PUBLISHED");
		post(slug, comment("see https://a.example and https://b.example and www.c.example")).expectStatus().isCreated()
			.expectBody().jsonPath("$.status").isEqualTo("PENDING");
		post(slug, comment("two links https://a.example www.b.example are fine")).expectStatus().isCreated()
			.expectBody().jsonPath("$.status").isEqualTo("PUBLISHED");
		Map<String, Object> twice = Map.of("name", "Echo", "email", "echo@example.com", "body", "said twice");
		post(slug, twice).expectStatus().isCreated();
		post(slug, Map.of("name", "Echo", "email", "ECHO@example.com", "body", "said twice")).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.body").isEqualTo("You already posted this comment.");
		this.client.get().uri("/api/articles/{slug}/comments", slug).exchange()
			.expectBody().jsonPath("$.items.length()").isEqualTo(3);
	}

	@Test
	void moderatorsSeeEmailsApproveRejectAndDelete() {
		String slug = newArticle();
		String email = "held-" + unique() + "@example.com";
		long held = id(post(slug, Map.of("name", "Cy", "email", email, "body", "forbiddenword, really")));
		as(Role.MODERATOR, this.client.get().uri("/api/moderation/comments?status=PENDING&limit=100")).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.items[?(@.id == %d)].email".formatted(held)).isEqualTo(email);
		this.client.get().uri("/api/moderation/comments").exchange().expectStatus().isUnauthorized();
		as(Role.EDITOR, this.client.get().uri("/api/moderation/comments")).exchange().expectStatus().isForbidden();

		as(Role.MODERATOR, this.client.post().uri("/api/moderation/comments/{id}/approve", held)).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("PUBLISHED");
		assertThat(statsOf(slug).comments()).isEqualTo(1);
		as(Role.MODERATOR, this.client.post().uri("/api/moderation/comments/{id}/reject", held)).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REJECTED");
		assertThat(statsOf(slug).comments()).isZero();
		long other = id(post(slug, comment("to be deleted")));
		as(Role.MODERATOR, this.client.delete().uri("/api/comments/{id}", other)).exchange().expectStatus().isNoContent();
		as(Role.MODERATOR, this.client.delete().uri("/api/comments/{id}", other)).exchange().expectStatus().isNotFound();
		as(Role.MODERATOR, this.client.post().uri("/api/moderation/comments/{id}/approve", 999_999_999)).exchange()
			.expectStatus().isNotFound();
		as(Role.MODERATOR, this.client.get().uri("/api/moderation/comments?status=LOST")).exchange()
			.expectStatus().isBadRequest();
		this.client.get().uri("/api/articles/{slug}/comments", slug).exchange()
			.expectBody().jsonPath("$.items.length()").isEqualTo(0);
	}

	@Test
	void liveReadersSeeCommentsArriveAndDisappear() {
		String slug = newArticle();
		try (SseStream stream = stream(slug, "0")) {
			stream.awaitEvent(named("stats"), Duration.ofSeconds(5));
			String held = body(post(slug, comment("forbiddenword live")));
			String published = body(post(slug, comment("live one")));
			stream.awaitEvents(CommentApiIT::isCommentEvent, 1, Duration.ofSeconds(5));
			awaitCommentCount(stream, 1);
			as(Role.MODERATOR, this.client.post().uri("/api/moderation/comments/{id}/approve", id(held))).exchange()
				.expectStatus().isOk();
			awaitCommentCount(stream, 2);
			as(Role.MODERATOR, this.client.delete().uri("/api/comments/{id}", id(published))).exchange()
				.expectStatus().isNoContent();
			stream.awaitEvents(CommentApiIT::isCommentEvent, 3, Duration.ofSeconds(5));
			awaitCommentCount(stream, 1);
			List<Event> comments = stream.events(CommentApiIT::isCommentEvent);
			assertThat(comments).extracting(Event::name).containsExactly("comment", "comment", "comment-removed");
			// A comment event carries the very JSON the REST API gave its author.
			assertThat(comments.get(0).data()).isEqualTo(published);
			assertThat(comments.get(1).data()).isEqualTo(withStatus(held, "PUBLISHED"));
			assertThat(comments.get(2).data()).isEqualTo("{\"id\":" + id(published) + "}");
			assertThat(comments).extracting(Event::id).doesNotContainNull().doesNotHaveDuplicates();
			assertThat(stream.events("stats")).allMatch((e) -> e.id() == null);
		}
	}

	@Test
	void aReaderWhoWasAwayGetsExactlyTheMissedCommentsInOrder() {
		String slug = newArticle();
		String lastId;
		try (SseStream before = stream(slug, null)) {
			post(slug, comment("seen before leaving"));
			before.awaitEvents(CommentApiIT::isCommentEvent, 1, Duration.ofSeconds(5));
			before.close();
			lastId = before.events(CommentApiIT::isCommentEvent).get(0).id();
		}
		List<Long> missed = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			missed.add(id(post(slug, comment("missed " + i))));
		}
		try (SseStream after = stream(slug, lastId)) {
			after.awaitEvents(CommentApiIT::isCommentEvent, 7, Duration.ofSeconds(5));
			assertThat(commentIds(after)).containsExactlyElementsOf(missed);
		}
		try (SseStream viaParameter = openStream("/api/articles/{slug}/stream?lastEventId={id}", slug, lastId)) {
			viaParameter.awaitEvents(CommentApiIT::isCommentEvent, 7, Duration.ofSeconds(5));
		}
	}

	@RepeatedTest(5)
	void commentsPostedDuringTheReplayArriveOnceAndInOrder() {
		String slug = newArticle();
		List<Long> expected = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 20; i++) {
			expected.add(id(post(slug, comment("before " + i))));
		}
		WebClient web = WebClient.create("http://localhost:" + port());
		// Comments keep arriving while the reader resumes from the very beginning.
		Mono<Void> racing = Flux.range(0, 20)
			.concatMap((i) -> web.post().uri("/api/articles/{slug}/comments", slug)
				.bodyValue(Map.of("name", "Racer", "email", "racer@example.com", "body", "during " + i + " " + unique()))
				.retrieve()
				.bodyToMono(Comment.class)
				.doOnNext((comment) -> expected.add(comment.id())))
			.then()
			.subscribeOn(Schedulers.boundedElastic());
		Disposable writer = racing.subscribe();
		try (SseStream stream = stream(slug, "0")) {
			await().atMost(Duration.ofSeconds(20)).until(() -> writer.isDisposed() && expected.size() == 40
					&& stream.events(CommentApiIT::isCommentEvent).size() >= 40);
			assertThat(commentIds(stream)).containsExactlyElementsOf(expected);
			assertThat(stream.events(CommentApiIT::isCommentEvent)).extracting(Event::id)
				.extracting(Long::parseLong)
				.isSorted()
				.doesNotHaveDuplicates();
		}
		finally {
			writer.dispose();
		}
	}

	@Test
	void anUnknownLastEventIdGetsAReset() {
		String slug = newArticle();
		try (SseStream stream = stream(slug, "12345")) {
			Event reset = stream.awaitEvent(named("reset"), Duration.ofSeconds(5));
			assertThat(reset.id()).isNull();
		}
	}

	@Test
	void listsArePagedOldestFirst() {
		String slug = newArticle();
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(id(post(slug, comment("page " + i))));
		}
		List<Long> seen = new ArrayList<>();
		String cursor = null;
		do {
			String uri = "/api/articles/" + slug + "/comments?limit=2" + ((cursor != null) ? "&cursor=" + cursor : "");
			Map<String, Object> page = this.client.get().uri(uri).exchange()
				.expectStatus().isOk()
				.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
				})
				.returnResult().getResponseBody();
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
			assertThat(items).hasSizeLessThanOrEqualTo(2);
			items.forEach((item) -> seen.add(((Number) item.get("id")).longValue()));
			cursor = (String) page.get("nextCursor");
		}
		while (cursor != null && seen.size() < 10);
		assertThat(seen).containsExactlyElementsOf(ids);
	}

	@Test
	void theDatabaseWritesTimesAsTheApiDoes() {
		for (String time : List.of("2026-11-27T10:00:00Z", "2026-11-27T10:00:00.120Z", "2026-11-27T10:00:00.123400Z",
				"2026-11-27T10:00:00.123456Z", "2026-11-27T10:00:00.000001Z", "1999-01-02T03:04:05.100Z")) {
			Instant instant = Instant.parse(time);
			String written = this.database.sql("select iso_instant(:t) as t")
				.bind("t", instant)
				.map((row) -> row.get("t", String.class))
				.one()
				.block();
			assertThat("\"" + written + "\"").isEqualTo(this.json.writeValueAsString(instant));
		}
	}

	private Map<String, Object> comment(String body) {
		return Map.of("name", "Reader", "email", "reader-" + unique() + "@example.com", "body", body + " " + unique());
	}

	private WebTestClient.ResponseSpec post(String slug, Map<String, ?> body) {
		return this.client.post().uri("/api/articles/{slug}/comments", slug).bodyValue(body).exchange();
	}

	private static String body(WebTestClient.ResponseSpec response) {
		return response.expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
	}

	private long id(String comment) {
		return this.json.readTree(comment).get("id").longValue();
	}

	/** The comment's JSON as the API wrote it, with another status. */
	private String withStatus(String comment, String status) {
		ObjectNode changed = (ObjectNode) this.json.readTree(comment);
		changed.put("status", status);
		return this.json.writeValueAsString(changed);
	}

	private static void awaitCommentCount(SseStream stream, long comments) {
		stream.awaitLatest("stats", (e) -> e.as(Stats.class).comments() == comments, Duration.ofSeconds(5));
	}

	private static long id(WebTestClient.ResponseSpec response) {
		Comment comment = response.expectStatus().isCreated().expectBody(Comment.class).returnResult().getResponseBody();
		return comment.id();
	}

	/** A stream of the story, resuming after the event if there is one. */
	private SseStream stream(String slug, String lastEventId) {
		return sse("/api/articles/{slug}/stream", slug).lastEventId(lastEventId).open();
	}

	private static boolean isCommentEvent(Event event) {
		return event.name() != null && event.name().startsWith("comment");
	}

	private static List<Long> commentIds(SseStream stream) {
		return stream.events(CommentApiIT::isCommentEvent).stream()
			.map((e) -> e.json().get("id").longValue())
			.toList();
	}

}
