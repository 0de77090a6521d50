package io.readerpulse.comment;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;
import io.readerpulse.SseStream.Event;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream opened without {@code Last-Event-ID} continues from what its first stats count: every comment
 * that its first {@code stats} event does not count comes to it as an event, however close to the opening
 * it was published. Readers open a story's stream while comments keep arriving, as on a viral story.
 */
class StreamStartIT extends IntegrationTest {

	private static final int STREAMS = 40;

	@Test
	void aStreamsEventsContinueFromItsFirstStatsCount() {
		String slug = newArticle();
		AtomicBoolean posting = new AtomicBoolean(true);
		WebClient web = WebClient.create("http://localhost:" + port());
		// Comments one after another, all the while the streams open.
		Flux.range(0, Integer.MAX_VALUE)
			.takeWhile((i) -> posting.get())
			.concatMap((i) -> web.post().uri("/api/articles/{slug}/comments", slug)
				.bodyValue(Map.of("name", "Reader", "email", "reader@example.com", "body", "Comment " + i + " " + unique()))
				.retrieve()
				.toBodilessEntity()
				.onErrorResume((ex) -> Mono.empty()))
			.subscribe();
		try {
			for (int i = 0; i < STREAMS; i++) {
				try (SseStream stream = sse("/api/articles/{slug}/stream", slug).open()) {
					await().atMost(Duration.ofSeconds(5)).until(() -> !stream.events("comment").isEmpty());
					Event first = stream.events("stats").get(0);
					long counted = first.json().get("comments").longValue();
					long firstComment = Long.parseLong(stream.events("comment").get(0).id());
					// Only publications here, so a comment's event number is the count it makes.
					assertThat(firstComment).as("stream %d: the first comment event after stats counting %d", i, counted)
						.isLessThanOrEqualTo(counted + 1);
				}
			}
		}
		finally {
			posting.set(false);
		}
	}

}
