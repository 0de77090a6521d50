package io.readerpulse.security;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.readerpulse.IntegrationTest;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A page on another site cannot use a moderator's cached Basic credentials to approve held spam, while the
 * site's own pages, the allowed news site and apps keep working.
 */
class CrossSiteWritesIT extends IntegrationTest {

	@Test
	void aCrossSiteFormCannotApproveForASignedInModerator() {
		long held = heldComment();
		approve(held, "https://evil.example", "cross-site").expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo("/problems/cross-site-request");
		approve(held, null, "cross-site").expectStatus().isForbidden();
		approve(held, "null", null).expectStatus().isForbidden();
		this.client.get().uri("/api/moderation/comments?status=PENDING&limit=100")
			.headers((headers) -> headers.setBasicAuth(staff(Role.MODERATOR).username(), staff(Role.MODERATOR).password()))
			.exchange()
			.expectBody().jsonPath("$.items[?(@.id == " + held + ")].status").isEqualTo("PENDING");
	}

	@Test
	void theSitesOwnPagesTheAllowedNewsSiteAndAppsMayWrite() {
		approve(heldComment(), "http://localhost:" + port(), "same-origin").expectStatus().isOk();
		approve(heldComment(), "https://news.example.com", "cross-site").expectStatus().isOk();
		approve(heldComment(), null, null).expectStatus().isOk();
	}

	@Test
	void readersWithoutCredentialsAreNotAffected() {
		// The news site's own pages post comments from their origin, a site other than this service's.
		this.client.post().uri("/api/articles/{slug}/comments", newArticle())
			.header("Origin", "https://news.example.com")
			.header("Sec-Fetch-Site", "cross-site")
			.bodyValue(Map.of("name", "Ann", "email", "ann@example.com", "body", "From a widget"))
			.exchange()
			.expectStatus().isCreated();
	}

	private WebTestClient.ResponseSpec approve(long id, String origin, String site) {
		Credentials moderator = staff(Role.MODERATOR);
		return this.client.post().uri("/api/moderation/comments/{id}/approve", id)
			.headers((headers) -> {
				headers.setBasicAuth(moderator.username(), moderator.password());
				if (origin != null) {
					headers.set("Origin", origin);
				}
				if (site != null) {
					headers.set("Sec-Fetch-Site", site);
				}
			})
			.exchange();
	}

	private long heldComment() {
		JsonNode comment = this.client.post().uri("/api/articles/{slug}/comments", newArticle())
			.bodyValue(Map.of("name", "Spammer", "email", "spam@example.com", "body", "buy forbiddenword now"))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		return comment.get("id").asLong();
	}

}
