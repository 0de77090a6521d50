package io.readerpulse.security;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.OwnClock;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

@OwnClock
class SecurityIT extends IntegrationTest {

	@Test
	void responsesCarrySecurityHeaders() {
		this.client.get().uri("/api/articles").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectHeader().valueEquals("Referrer-Policy", "strict-origin-when-cross-origin");
	}

	@Test
	void allowedOriginGetsCorsHeaders() {
		this.client.options().uri("/api/articles/some-story")
			.header(HttpHeaders.ORIGIN, "https://news.example.com")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://news.example.com");
		this.client.get().uri("/api/articles")
			.header(HttpHeaders.ORIGIN, "https://news.example.com")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://news.example.com");
	}

	@Test
	void otherOriginIsRefused() {
		this.client.options().uri("/api/articles/some-story")
			.header(HttpHeaders.ORIGIN, "https://evil.example.org")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
		this.client.get().uri("/api/articles")
			.header(HttpHeaders.ORIGIN, "https://evil.example.org")
			.exchange()
			.expectStatus().isForbidden();
	}

	@Test
	void healthIsPublicWithoutDetails() {
		this.client.get().uri("/actuator/health").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.components").doesNotExist();
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	@Test
	void readinessIncludesTheDatabaseForAdmins() {
		as(Role.ADMIN, this.client.get().uri("/actuator/health/readiness")).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.components.r2dbc.status").isEqualTo("UP")
			.jsonPath("$.components.startupTasks.status").isEqualTo("UP");
	}

	@Test
	void prometheusIsForAdminsOnly() {
		this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		as(Role.EDITOR, this.client.get().uri("/actuator/prometheus")).exchange().expectStatus().isForbidden();
		as(Role.ADMIN, this.client.get().uri("/actuator/prometheus")).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).value((body) -> org.assertj.core.api.Assertions.assertThat(body)
				.contains("jvm_memory_used_bytes"));
	}

	@Test
	void apiDescriptionAndUiArePublic() {
		this.client.get().uri("/v3/api-docs").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.paths['/api/articles/{slug}'].put").exists()
			.jsonPath("$.paths['/api/articles'].get").exists();
		this.client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
		this.client.get().uri("/webjars/swagger-ui/index.html").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
	}

	@Test
	void unlistedPathsAreDenied() {
		this.client.get().uri("/api/unknown").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		as(Role.ADMIN, this.client.get().uri("/api/unknown")).exchange().expectStatus().isForbidden();
		as(Role.ADMIN, this.client.get().uri("/actuator/env")).exchange().expectStatus().isForbidden();
	}

	@Test
	void repeatedFailedSignInsFromOneAddressAreRefusedBeforeAnyPasswordCheck() {
		Credentials editor = staff(Role.EDITOR);
		// A minute of its own: other tests' failed sign-ins come from this address too.
		this.clock.advance(java.time.Duration.ofSeconds(61));
		try {
			for (int i = 0; i < ThrottledSignIn.FAILURES_PER_MINUTE; i++) {
				String wrong = "wrong-" + i;
				this.client.get().uri("/api/moderation/comments")
					.headers((headers) -> headers.setBasicAuth(editor.username(), wrong))
					.exchange()
					.expectStatus().isUnauthorized();
			}
			// Even the right password waits now: this address has used up its failures for the minute.
			this.client.put().uri("/api/articles/{slug}", "throttled-" + unique())
				.headers((headers) -> headers.setBasicAuth(editor.username(), editor.password()))
				.bodyValue(java.util.Map.of("title", "T", "url", "https://news.example.com/t"))
				.exchange()
				.expectStatus().isEqualTo(429)
				.expectHeader().exists("Retry-After")
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		finally {
			// The next minute: every other test signs in from this address too.
			this.clock.advance(java.time.Duration.ofSeconds(61));
		}
		this.client.put().uri("/api/articles/{slug}", "throttled-" + unique())
			.headers((headers) -> headers.setBasicAuth(editor.username(), editor.password()))
			.bodyValue(java.util.Map.of("title", "T", "url", "https://news.example.com/t"))
			.exchange()
			.expectStatus().isCreated();
	}

}
