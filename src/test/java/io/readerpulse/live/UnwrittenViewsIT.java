package io.readerpulse.live;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.readerpulse.SseStream;
import io.readerpulse.TestInstance;

import org.springframework.r2dbc.core.DatabaseClient;

import static io.readerpulse.SseStream.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A counted view reaches the story's open streams with their next stats, long before it is written: the
 * instance flushes only once an hour here.
 */
class UnwrittenViewsIT {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/120.0.0.0 Safari/537.36";

	@Test
	void aCountedViewShowsInEveryOpenStreamBeforeItIsWritten() {
		try (TestInstance service = TestInstance.start("pulse.views.flush-interval=1h")) {
			String slug = service.newStory("unwritten");
			try (SseStream one = open(service, slug); SseStream two = open(service, slug)) {
				assertThat(one.awaitEvent(named("stats"), DEADLINE).as(Stats.class).views()).isZero();
				two.awaitEvent(named("stats"), DEADLINE);

				service.client().post().uri("/api/articles/{slug}/views", slug)
					.header("User-Agent", BROWSER)
					.header("X-Visitor-Id", "unwritten-visitor")
					.exchange()
					.expectStatus().isAccepted();
				one.awaitLatest("stats", (event) -> event.as(Stats.class).views() == 1, DEADLINE);
				two.awaitLatest("stats", (event) -> event.as(Stats.class).views() == 1, DEADLINE);
				assertThat(writtenViews(service, slug)).as("not flushed yet").isZero();

				try (SseStream late = open(service, slug)) {
					assertThat(late.awaitEvent(named("stats"), DEADLINE).as(Stats.class).views())
						.as("a reader joining an open story").isEqualTo(1);
				}
			}
		}
	}

	private static SseStream open(TestInstance service, String slug) {
		return SseStream.from("http://localhost:" + service.port())
			.json(service.context().getBean(JsonMapper.class))
			.path("/api/articles/{slug}/stream", slug)
			.open();
	}

	private static long writtenViews(TestInstance service, String slug) {
		Long views = service.context().getBean(DatabaseClient.class)
			.sql("select s.views from article_stats s join article a on a.id = s.article_id where a.slug = :slug")
			.bind("slug", slug)
			.map((row) -> row.get("views", Long.class))
			.one()
			.block(DEADLINE);
		return (views != null) ? views : -1;
	}

}
