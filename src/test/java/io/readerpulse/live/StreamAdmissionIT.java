package io.readerpulse.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.readerpulse.SseStream;
import io.readerpulse.TestInstance;

import static io.readerpulse.SseStream.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past its opens per second, an instance tells new readers to come back later, before any database work.
 */
class StreamAdmissionIT {

	private static TestInstance service;

	@BeforeAll
	static void start() {
		service = TestInstance.start("pulse.live.opens-per-second=3");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void readersBeyondTheLimitAreToldToComeBackLaterAndTheirStreamsEnd() {
		String slug = service.newStory("admission");
		List<SseStream> streams = new ArrayList<>();
		long started = System.nanoTime();
		try {
			for (int i = 0; i < 12; i++) {
				streams.add(SseStream.from("http://localhost:" + service.port()).path("/api/articles/{slug}/stream", slug).open());
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			int admitted = 0;
			int later = 0;
			for (SseStream stream : streams) {
				SseStream.Event first = stream.awaitEvent((event) -> true, Duration.ofSeconds(10));
				if ("stats".equals(first.name())) {
					admitted++;
					continue;
				}
				later++;
				assertThat(first.data()).as("come back later: no data").isNull();
				assertThat(first.retry()).as("a random wait within the busy retry")
					.isBetween(Duration.ofSeconds(2), Duration.ofSeconds(30));
				stream.awaitCompletion(Duration.ofSeconds(5));
				assertThat(stream.events(named("stats"))).isEmpty();
			}
			assertThat(admitted).isGreaterThanOrEqualTo(3).isLessThanOrEqualTo(3 * ((int) Math.ceil(seconds) + 1));
			assertThat(later).isEqualTo(12 - admitted).isPositive();
		}
		finally {
			streams.forEach(SseStream::close);
		}
	}

}
