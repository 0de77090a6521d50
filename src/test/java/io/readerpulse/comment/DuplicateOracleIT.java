package io.readerpulse.comment;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.TestInstance;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The duplicate rule tells nobody whose email wrote a comment: posting a public comment's text again with a
 * guessed email is answered the same whether the guess is right or wrong; only the sender's own repeat is
 * refused.
 */
class DuplicateOracleIT {

	private static TestInstance service;

	private static WebTestClient client;

	private static String slug;

	@BeforeAll
	static void start() {
		service = TestInstance.start("server.forward-headers-strategy=framework", "PULSE_COMMENT_RATE=1000");
		client = service.client();
		slug = service.newStory("duplicates");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void aGuessedEmailWithAPublicCommentsTextIsAnsweredAlikeRightOrWrong() {
		String body = "What a ride! " + System.nanoTime();
		post("203.0.113.10", "ann@example.com", body).expectStatus().isCreated();
		// Someone else copies Ann's public comment and guesses her email, then a wrong one.
		post("198.51.100.20", "ann@example.com", body).expectStatus().isCreated();
		post("198.51.100.20", "bob@example.com", body + " ").expectStatus().isCreated();
	}

	@Test
	void theSendersOwnRepeatIsRefusedWhateverEmailItGives() {
		String body = "Posted twice by a double click " + System.nanoTime();
		post("203.0.113.30", "cy@example.com", body).expectStatus().isCreated();
		post("203.0.113.30", "cy@example.com", body).expectStatus().isBadRequest();
		post("203.0.113.30", "someone-else@example.com", body).expectStatus().isBadRequest();
	}

	private static WebTestClient.ResponseSpec post(String address, String email, String body) {
		return client.post().uri("/api/articles/{slug}/comments", slug)
			.header("X-Forwarded-For", address)
			.bodyValue(Map.of("name", "Reader", "email", email, "body", body))
			.exchange();
	}

}
