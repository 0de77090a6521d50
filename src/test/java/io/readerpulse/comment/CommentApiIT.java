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
import tools.jackson.databind.json.JsonMapper;

import io.readerpulse.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CommentApiIT extends IntegrationTest {

	@Autowired
	private JsonMapper json;

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

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
		List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
		Disposable stream = stream(slug, "0", events);
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch((e) -> "stats".equals(e.event())));
			String held = body(post(slug, comment("forbiddenword live")));
			String published = body(post(slug, comment("live one")));
			await().atMost(Duration.ofSeconds(5)).until(() -> commentEvents(events).size() == 1);
			await().atMost(Duration.ofSeconds(5)).until(() -> lastCommentCount(events) == 1);
			as(Role.MODERATOR, this.client.post().uri("/api/moderation/comments/{id}/approve", id(held))).exchange()
				.expectStatus().isOk();
			await().atMost(Duration.ofSeconds(5)).until(() -> lastCommentCount(events) == 2);
			as(Role.MODERATOR, this.client.delete().uri("/api/comments/{id}", id(published))).exchange()
				.expectStatus().isNoContent();
			await().atMost(Duration.ofSeconds(5)).until(() -> commentEvents(events).size() == 3);
			await().atMost(Duration.ofSeconds(5)).until(() -> lastCommentCount(events) == 1);
			List<ServerSentEvent<String>> comments = commentEvents(events);
			assertThat(comments).extracting(ServerSentEvent::event).containsExactly("comment", "comment", "comment-removed");
			// A comment event carries the very JSON the REST API gave its author.
			assertThat(comments.get(0).data()).isEqualTo(published);
			assertThat(comments.get(1).data()).isEqualTo(held.replace("\"status\":\"PENDING\"", "\"status\":\"PUBLISHED\""));
			assertThat(comments.get(2).data()).isEqualTo("{\"id\":" + id(published) + "}");
			assertThat(comments).extracting(ServerSentEvent::id).doesNotContainNull().doesNotHaveDuplicates();
			assertThat(events.stream().filter((e) -> "stats".equals(e.event()))).allMatch((e) -> e.id() == null);
		}
		finally {
			stream.dispose();
		}
	}

	@Test
	void aReaderWhoWasAwayGetsExactlyTheMissedCommentsInOrder() {
		String slug = newArticle();
		List<ServerSentEvent<String>> before = new CopyOnWriteArrayList<>();
		Disposable first = stream(slug, null, before);
		post(slug, comment("seen before leaving"));
		await().atMost(Duration.ofSeconds(5)).until(() -> commentEvents(before).size() == 1);
		first.dispose();
		String lastId = commentEvents(before).get(0).id();
		List<Long> missed = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			missed.add(id(post(slug, comment("missed " + i))));
		}
		List<ServerSentEvent<String>> after = new CopyOnWriteArrayList<>();
		Disposable second = stream(slug, lastId, after);
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> commentEvents(after).size() == 7);
			assertThat(commentIds(after)).containsExactlyElementsOf(missed);
		}
		finally {
			second.dispose();
		}
		List<ServerSentEvent<String>> viaParameter = new CopyOnWriteArrayList<>();
		Disposable third = this.client.get().uri("/api/articles/{slug}/stream?lastEventId={id}", slug, lastId)
			.accept(MediaType.TEXT_EVENT_STREAM).exchange().returnResult(EVENT).getResponseBody()
			.subscribe(viaParameter::add);
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> commentEvents(viaParameter).size() == 7);
		}
		finally {
			third.dispose();
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
		List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
		Disposable writer = racing.subscribe();
		Disposable stream = stream(slug, "0", events);
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> writer.isDisposed() && expected.size() == 40
					&& commentEvents(events).size() >= 40);
			assertThat(commentIds(events)).containsExactlyElementsOf(expected);
			assertThat(commentEvents(events)).extracting(ServerSentEvent::id)
				.extracting(Long::parseLong)
				.isSorted()
				.doesNotHaveDuplicates();
		}
		finally {
			stream.dispose();
			writer.dispose();
		}
	}

	@Test
	void anUnknownLastEventIdGetsAReset() {
		String slug = newArticle();
		List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
		Disposable stream = stream(slug, "12345", events);
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch((e) -> "reset".equals(e.event())));
			assertThat(events.stream().filter((e) -> "reset".equals(e.event())).findFirst().get().id()).isNull();
		}
		finally {
			stream.dispose();
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

	private static long id(String json) {
		return Long.parseLong(json.replaceAll("^\\{\"id\":(\\d+).*$", "$1"));
	}

	private static long lastCommentCount(List<ServerSentEvent<String>> events) {
		List<ServerSentEvent<String>> stats = events.stream().filter((e) -> "stats".equals(e.event())).toList();
		return Long.parseLong(stats.get(stats.size() - 1).data().replaceAll("^.*\"comments\":(\\d+).*$", "$1"));
	}

	private static long id(WebTestClient.ResponseSpec response) {
		Comment comment = response.expectStatus().isCreated().expectBody(Comment.class).returnResult().getResponseBody();
		return comment.id();
	}

	private Disposable stream(String slug, String lastEventId, List<ServerSentEvent<String>> into) {
		return this.client.get().uri("/api/articles/{slug}/stream", slug)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.exchange()
			.expectStatus().isOk()
			.returnResult(EVENT)
			.getResponseBody()
			.subscribe(into::add);
	}

	private static List<ServerSentEvent<String>> commentEvents(List<ServerSentEvent<String>> events) {
		return events.stream().filter((e) -> e.event() != null && e.event().startsWith("comment")).toList();
	}

	private static List<Long> commentIds(List<ServerSentEvent<String>> events) {
		return commentEvents(events).stream()
			.map((e) -> Long.parseLong(e.data().replaceAll("^\\{\"id\":(\\d+).*$", "$1")))
			.toList();
	}

}
