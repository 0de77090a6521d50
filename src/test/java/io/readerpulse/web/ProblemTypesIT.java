package io.readerpulse.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of problem a client may handle apart has its own stable {@code type}, as the README lists.
 */
class ProblemTypesIT extends IntegrationTest {

	@Test
	void anInvalidFieldIsAnInvalidRequest() {
		this.client.post().uri("/api/articles/{slug}/comments", newArticle())
			.bodyValue(Map.of("name", "Ann", "email", "not an email", "body", "Hello"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-request").jsonPath("$.errors.email").exists();
	}

	@Test
	void aBodyThatIsNotJsonIsMalformed() {
		this.client.post().uri("/api/articles/{slug}/comments", newArticle())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": ")
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.type").isEqualTo("/problems/malformed-body");
	}

	@Test
	void aBodyOverTheLimitIsTooLarge() {
		this.client.post().uri("/api/articles/{slug}/comments", newArticle())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"body\": \"" + "x".repeat(20_000) + "\"}")
			.exchange()
			.expectStatus().isEqualTo(413)
			.expectBody().jsonPath("$.type").isEqualTo("/problems/body-too-large");
	}

	@Test
	void aTakenUsernameIsAConflict() {
		Map<String, String> account = Map.of("username", "taken-" + unique(), "password", "a long passphrase",
				"role", "EDITOR");
		as(Role.ADMIN, this.client.post().uri("/api/staff")).bodyValue(account).exchange().expectStatus().isCreated();
		as(Role.ADMIN, this.client.post().uri("/api/staff")).bodyValue(account)
			.exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.type").isEqualTo("/problems/conflict");
	}

	@Test
	void tooManyRequestsIsRateLimitedWithRetryAfter() {
		// Driving a real limit here would throttle the other tests' address, so the exception is checked.
		TooManyRequestsException ex = new TooManyRequestsException("Slow down.", Duration.ofSeconds(30));
		assertThat(ex.getBody().getType()).hasToString("/problems/rate-limited");
		assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("30");
	}

}
