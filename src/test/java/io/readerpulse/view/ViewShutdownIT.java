package io.readerpulse.view;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.readerpulse.ReaderPulseApplication;
import io.readerpulse.TestDatabase;
import io.readerpulse.database.DatabaseUrl;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
		AtomicBoolean streamOpen = new AtomicBoolean();
		AtomicBoolean streamEnded = new AtomicBoolean();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ReaderPulseApplication.class)
			.properties("server.port=0", "pulse.demo=false", "spring.r2dbc.url=" + url.r2dbcUrl(),
					"spring.r2dbc.username=" + url.username(),
					"spring.r2dbc.password=" + ((url.password() != null) ? url.password() : ""),
					// No scheduled flush during the test: only the shutdown flush can write these views.
					"pulse.views.flush-interval=1h")
			.run();
		try {
			insertArticle(url, slug);
			WebClient web = WebClient.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
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
			web.get().uri("/api/articles/{slug}/stream", slug)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.retrieve()
				.bodyToFlux(String.class)
				.subscribe((event) -> streamOpen.set(true), (ex) -> { }, () -> streamEnded.set(true));
			await().atMost(Duration.ofSeconds(10)).untilTrue(streamOpen);
		}
		finally {
			context.close();
		}
		assertThat(storedViews(url, slug)).isEqualTo(views);
		await().atMost(Duration.ofSeconds(5)).untilTrue(streamEnded);
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
