package io.readerpulse.comment;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.ReaderPulseApplication;
import io.readerpulse.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The duplicate rule tells nobody whose email wrote a comment: posting a public comment's text again with a
 * guessed email is answered the same whether the guess is right or wrong; only the sender's own repeat is
 * refused.
 */
class DuplicateOracleIT {

	private static ConfigurableApplicationContext context;

	private static WebTestClient client;

	private static String slug;

	@BeforeAll
	static void start() {
		String[] database = TestDatabase.springProperties();
		context = new SpringApplicationBuilder(ReaderPulseApplication.class)
			.properties("server.port=0", "pulse.demo=false", database[0], database[1], database[2],
					"server.forward-headers-strategy=framework", "PULSE_COMMENT_RATE=1000")
			.run();
		client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
			.build();
		slug = "duplicates-" + Long.toString(System.nanoTime(), 36);
		context.getBean(DatabaseClient.class).sql("""
				with a as (insert into article (slug, title, url, published_at, updated_at)
				           values (:slug, 'Duplicates', 'https://news.example.com/duplicates', now(), now()) returning id)
				insert into article_stats (article_id) select id from a""").bind("slug", slug).then().block();
	}

	@AfterAll
	static void stop() {
		context.close();
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
