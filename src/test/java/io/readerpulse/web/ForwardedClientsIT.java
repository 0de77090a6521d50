package io.readerpulse.web;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.TestInstance;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Behind the site's proxy every reader has an address of their own, and a reader cannot pick one: the
 * comment rate limit (5 a minute here) applies to the address the proxy saw.
 */
class ForwardedClientsIT {

	private static TestInstance service;

	private static WebTestClient client;

	private static String slug;

	@BeforeAll
	static void start() {
		service = TestInstance.start("server.forward-headers-strategy=framework", "PULSE_COMMENT_RATE=5",
				"PULSE_CORS_ORIGINS=https://news.example.com");
		client = service.client();
		slug = service.newStory("forwarded");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void readersBehindTheProxyEachHaveTheirOwnAllowance() {
		for (int reader = 1; reader <= 8; reader++) {
			comment("203.0.113." + reader, reader).expectStatus().isCreated();
		}
	}

	@Test
	void aReaderWhoWritesTheirOwnForwardedForStillSharesOneAllowance() {
		for (int attempt = 1; attempt <= 5; attempt++) {
			comment("10.66.0." + attempt + ", 198.51.100.9", attempt).expectStatus().isCreated();
		}
		comment("192.0.2.200, 198.51.100.9", 6).expectStatus().isEqualTo(429);
	}

	@Test
	void theServicesOwnPagesBehindATlsProxyMayPostWhileOtherSitesMayNot() {
		// The proxy ends TLS: the service itself sees plain HTTP, the reader's browser an https origin.
		comment("203.0.113.70", 70, "https://pulse.example").expectStatus().isCreated()
			.expectHeader().valueEquals("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
		client.post().uri("/api/articles/{slug}/views", slug)
			.header("X-Forwarded-For", "203.0.113.71")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "pulse.example")
			.header("Origin", "https://pulse.example")
			.exchange()
			.expectStatus().isAccepted();
		comment("203.0.113.72", 72, "https://elsewhere.example").expectStatus().isForbidden();
	}

	private static WebTestClient.ResponseSpec comment(String forwardedFor, int n, String origin) {
		return client.post().uri("/api/articles/{slug}/comments", slug)
			.header("X-Forwarded-For", forwardedFor)
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "pulse.example")
			.header("Origin", origin)
			.bodyValue(Map.of("name", "Reader " + n, "email", "reader" + n + "@example.com",
					"body", "Comment " + n + " from " + origin))
			.exchange();
	}

	private static WebTestClient.ResponseSpec comment(String forwardedFor, int n) {
		return client.post().uri("/api/articles/{slug}/comments", slug)
			.header("X-Forwarded-For", forwardedFor)
			.bodyValue(Map.of("name", "Reader " + n, "email", "reader" + n + "@example.com",
					"body", "Comment " + n + " via " + forwardedFor))
			.exchange();
	}

}
