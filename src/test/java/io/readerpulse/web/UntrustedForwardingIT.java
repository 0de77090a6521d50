package io.readerpulse.web;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.TestInstance;

/**
 * Forwarded headers from a peer that is not one of the site's proxies are not believed, neither the address
 * nor the host: here only 10.0.0.0/8 is trusted, and the tests' requests come from loopback.
 */
class UntrustedForwardingIT {

	private static TestInstance service;

	@BeforeAll
	static void start() {
		service = TestInstance.start("server.forward-headers-strategy=framework", "PULSE_TRUSTED_PROXIES=10.0.0.0/8",
				"PULSE_COMMENT_RATE=3");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void anUntrustedPeerCannotChooseItsAddress() {
		String slug = service.newStory("untrusted");
		for (int i = 1; i <= 3; i++) {
			comment(slug, "203.0.113." + i).expectStatus().isCreated();
		}
		comment(slug, "203.0.113.99").expectStatus().isEqualTo(429);
	}

	@Test
	void anUntrustedPeerCannotClaimTheOriginOfACrossSitePage() {
		// Were X-Forwarded-Host believed, the evil page's origin would pass for this service's own.
		service.client().post().uri("/api/moderation/comments/1/approve")
			.header("X-Forwarded-Host", "evil.example")
			.header("X-Forwarded-Proto", "http")
			.header("Origin", "http://evil.example")
			.headers((headers) -> headers.setBasicAuth("moderator", "whatever"))
			.exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.type").isEqualTo("/problems/cross-site-request");
	}

	private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec comment(String slug,
			String forwardedFor) {
		return service.client().post().uri("/api/articles/{slug}/comments", slug)
			.header("X-Forwarded-For", forwardedFor)
			.bodyValue(Map.of("name", "Reader", "email", "reader@example.com", "body", "From " + forwardedFor))
			.exchange();
	}

}
