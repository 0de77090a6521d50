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
		service = TestInstance.start("server.forward-headers-strategy=framework", "PULSE_COMMENT_RATE=5");
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

	private static WebTestClient.ResponseSpec comment(String forwardedFor, int n) {
		return client.post().uri("/api/articles/{slug}/comments", slug)
			.header("X-Forwarded-For", forwardedFor)
			.bodyValue(Map.of("name", "Reader " + n, "email", "reader" + n + "@example.com",
					"body", "Comment " + n + " via " + forwardedFor))
			.exchange();
	}

}
