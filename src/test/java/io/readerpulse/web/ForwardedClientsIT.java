package io.readerpulse.web;

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
 * Behind the site's proxy every reader has an address of their own, and a reader cannot pick one: the
 * comment rate limit (5 a minute here) applies to the address the proxy saw.
 */
class ForwardedClientsIT {

	private static ConfigurableApplicationContext context;

	private static WebTestClient client;

	private static String slug;

	@BeforeAll
	static void start() {
		String[] database = TestDatabase.springProperties();
		context = new SpringApplicationBuilder(ReaderPulseApplication.class)
			.properties("server.port=0", "pulse.demo=false", database[0], database[1], database[2],
					"server.forward-headers-strategy=framework", "PULSE_COMMENT_RATE=5")
			.run();
		client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
			.build();
		slug = "forwarded-" + Long.toString(System.nanoTime(), 36);
		context.getBean(DatabaseClient.class).sql("""
				with a as (insert into article (slug, title, url, published_at, updated_at)
				           values (:slug, 'Forwarded', 'https://news.example.com/forwarded', now(), now()) returning id)
				insert into article_stats (article_id) select id from a""").bind("slug", slug).then().block();
	}

	@AfterAll
	static void stop() {
		context.close();
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
