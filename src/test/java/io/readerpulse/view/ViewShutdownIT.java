package io.readerpulse.view;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.readerpulse.ReaderPulseApplication;
import io.readerpulse.SseStream;
import io.readerpulse.TestDatabase;
import io.readerpulse.database.DatabaseUrl;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every view acknowledged with 202 is in PostgreSQL after a graceful shutdown, even when the shutdown comes
 * right after a burst, long before the next scheduled flush, and with readers' streams still open.
 */
class ViewShutdownIT {

	@Test
	void gracefulShutdownRightAfterABurstLosesNoAcceptedView() throws SQLException {
		DatabaseUrl url = TestDatabase.url();
		String slug = "shutdown-story-" + Long.toString(System.nanoTime(), 36);
		int views = 3000;
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ReaderPulseApplication.class)
			.properties("server.port=0", "pulse.demo=false", "spring.r2dbc.url=" + url.r2dbcUrl(),
					"spring.r2dbc.username=" + url.username(),
					"spring.r2dbc.password=" + ((url.password() != null) ? url.password() : ""),
					// No scheduled flush during the test: only the shutdown flush can write these views.
					"pulse.views.flush-interval=1h")
			.run();
		SseStream stream = null;
		try {
			insertArticle(url, slug);
			String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
			WebClient web = WebClient.create(base);
			Long accepted = Flux.range(0, views)
				.flatMap((i) -> web.post().uri("/api/articles/{slug}/views", slug)
					.header("User-Agent", ViewApiIT.BROWSER)
					.header("X-Visitor-Id", "shutdown-" + i)
					.retrieve()
					.toBodilessEntity(), 16)
				.filter((response) -> response.getStatusCode().value() == 202)
				.count()
				.block(Duration.ofSeconds(60));
			assertThat(accepted).isEqualTo(views);
			assertThat(storedViews(url, slug)).as("nothing was flushed before the shutdown").isZero();
			stream = SseStream.from(base).path("/api/articles/{slug}/stream", slug).open();
			stream.awaitEvent((event) -> event.data() != null, Duration.ofSeconds(10));
		}
		finally {
			context.close();
		}
		// Shut down with the reader's stream open; the service ends it.
		try (SseStream open = stream) {
			assertThat(storedViews(url, slug)).isEqualTo(views);
			open.awaitCompletion(Duration.ofSeconds(5));
		}
	}

	private static void insertArticle(DatabaseUrl url, String slug) throws SQLException {
		try (Connection connection = connect(url);
				PreparedStatement insert = connection.prepareStatement("""
						with a as (insert into article (slug, title, url, published_at, updated_at)
						           values (?, 'Shutdown story', 'https://news.example.com/s', now(), now()) returning id)
						insert into article_stats (article_id) select id from a""")) {
			insert.setString(1, slug);
			insert.executeUpdate();
		}
	}

	private static long storedViews(DatabaseUrl url, String slug) throws SQLException {
		try (Connection connection = connect(url);
				PreparedStatement select = connection.prepareStatement(
						"select s.views from article_stats s join article a on a.id = s.article_id where a.slug = ?")) {
			select.setString(1, slug);
			try (ResultSet result = select.executeQuery()) {
				assertThat(result.next()).isTrue();
				return result.getLong(1);
			}
		}
	}

	private static Connection connect(DatabaseUrl url) throws SQLException {
		return DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
	}

}
