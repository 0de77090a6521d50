package io.readerpulse.view;

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
			StoredStory.insert(url, slug);
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
			assertThat(StoredStory.views(url, slug)).as("nothing was flushed before the shutdown").isZero();
			stream = SseStream.from(base).path("/api/articles/{slug}/stream", slug).open();
			stream.awaitEvent((event) -> event.data() != null, Duration.ofSeconds(10));
		}
		finally {
			context.close();
		}
		// Shut down with the reader's stream open; the service ends it.
		try (SseStream open = stream) {
			assertThat(StoredStory.views(url, slug)).isEqualTo(views);
			open.awaitCompletion(Duration.ofSeconds(5));
		}
	}

}
