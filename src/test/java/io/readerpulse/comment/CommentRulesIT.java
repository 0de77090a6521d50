package io.readerpulse.comment;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.ReaderPulseApplication;
import io.readerpulse.TestDatabase;
import io.readerpulse.database.DatabaseUrl;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The site-wide comment rules, with a service configured for them: pre-moderation and a rate of three
 * comments a minute per address.
 */
class CommentRulesIT {

	private static ConfigurableApplicationContext context;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		DatabaseUrl url = TestDatabase.url();
		context = new SpringApplicationBuilder(ReaderPulseApplication.class)
			.properties("server.port=0", "pulse.demo=false", "spring.r2dbc.url=" + url.r2dbcUrl(),
					"spring.r2dbc.username=" + url.username(),
					"spring.r2dbc.password=" + ((url.password() != null) ? url.password() : ""),
					"PULSE_MODERATION=pre", "PULSE_COMMENT_RATE=3")
			.run();
		client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
			.build();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void preModerationHoldsEveryCommentAndTheRateLimitAnswers429() {
		String slug = "rules-" + Long.toString(System.nanoTime(), 36);
		context.getBean(org.springframework.r2dbc.core.DatabaseClient.class)
			.sql("with a as (insert into article (slug, title, url, published_at, updated_at) values "
					+ "(:slug, 'Rules', 'https://news.example.com/r', now(), now()) returning id) "
					+ "insert into article_stats (article_id) select id from a")
			.bind("slug", slug)
			.then()
			.block();
		for (int i = 0; i < 3; i++) {
			client.post().uri("/api/articles/{slug}/comments", slug)
				.bodyValue(Map.of("name", "Reader", "email", "r@example.com", "body", "a perfectly nice comment " + i))
				.exchange()
				.expectStatus().isCreated()
				.expectBody().jsonPath("$.status").isEqualTo("PENDING");
		}
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
