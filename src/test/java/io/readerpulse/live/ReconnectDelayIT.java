package io.readerpulse.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stream tells its client when to reconnect, and not all clients the same: when an instance restarts,
 * the readers of a viral story come back spread over several seconds instead of in one.
 */
class ReconnectDelayIT extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void theFirstEventOfEveryStreamCarriesAJitteredReconnectDelay() {
		String slug = newArticle();
		Set<Duration> delays = new HashSet<>();
		List<SseStream> streams = new ArrayList<>();
		try {
			for (int i = 0; i < 20; i++) {
				SseStream story = openStream("/api/articles/{slug}/stream", slug);
				streams.add(story);
				SseStream.Event first = story.awaitEvent((event) -> !event.isHeartbeat(), WAIT);
				assertThat(first.name()).isEqualTo("stats");
				assertThat(first.retry()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(12));
				delays.add(first.retry());
			}
			SseStream board = openStream("/api/trending/stream");
			streams.add(board);
			assertThat(board.awaitEvent((event) -> !event.isHeartbeat(), WAIT).retry()).isNotNull();
		}
		finally {
			streams.forEach(SseStream::close);
		}
		assertThat(delays).as("twenty streams, twenty draws of the delay").hasSizeGreaterThan(10);
	}

}
