package io.readerpulse.comment;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.TestInstance;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The site-wide comment rules, with a service configured for them: pre-moderation and a rate of three
 * comments a minute per address.
 */
class CommentRulesIT {

	private static TestInstance service;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		service = TestInstance.start("PULSE_MODERATION=pre", "PULSE_COMMENT_RATE=3");
		client = service.client();
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void preModerationHoldsEveryCommentAndTheRateLimitAnswers429() {
		String slug = service.newStory("rules");
		for (int i = 0; i < 2; i++) {
			client.post().uri("/api/articles/{slug}/comments", slug)
				.bodyValue(Map.of("name", "Reader", "email", "r@example.com", "body", "a perfectly nice comment " + i))
				.exchange()
				.expectStatus().isCreated()
				.expectBody().jsonPath("$.status").isEqualTo("PENDING");
		}
		// A repeat is refused, not held again: the duplicate rule outranks a hold.
		client.post().uri("/api/articles/{slug}/comments", slug)
			.bodyValue(Map.of("name", "Reader", "email", "r@example.com", "body", "a perfectly nice comment 0"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.body").isEqualTo("You already posted this comment.");
		client.post().uri("/api/articles/{slug}/comments", slug)
			.bodyValue(Map.of("name", "Reader", "email", "r@example.com", "body", "one too many"))
			.exchange()
			.expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader().exists("Retry-After")
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(429);
		client.get().uri("/api/articles/{slug}/comments", slug).exchange()
			.expectBody().jsonPath("$.items.length()").isEqualTo(0);
	}

}
