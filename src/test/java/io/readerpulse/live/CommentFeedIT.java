package io.readerpulse.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import io.readerpulse.IntegrationTest;
import io.readerpulse.article.ArticleDirectory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reader that cannot keep up with a story's comment events is let go (it resumes with its last event id)
 * instead of making the service buffer for it without bound.
 */
class CommentFeedIT extends IntegrationTest {

	@Autowired
	private CommentFeed feed;

	@Autowired
	private ArticleDirectory directory;

	@Test
	void aReaderThatStopsReadingIsDisconnectedOnceItsBufferIsFull() {
		String slug = newArticle();
		long articleId = this.directory.requireIdOf(slug).block();
		List<CommentEvent> slowReceived = new CopyOnWriteArrayList<>();
		AtomicReference<Throwable> slowEnded = new AtomicReference<>();
		// Takes one event, then nothing more for a while: like a page whose connection has stalled.
		BaseSubscriber<CommentEvent> slow = new BaseSubscriber<>() {
			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				request(1);
			}

			@Override
			protected void hookOnNext(CommentEvent event) {
				slowReceived.add(event);
			}

			@Override
			protected void hookOnError(Throwable error) {
				slowEnded.set(error);
			}
		};
		this.feed.stream(articleId, null).subscribe(slow);
		List<CommentEvent> fastReceived = new CopyOnWriteArrayList<>();
		this.feed.stream(articleId, null).subscribe(fastReceived::add);

		int comments = CommentFeed.BUFFER + 20;
		WebClient http = WebClient.create("http://localhost:" + port());
		Flux.range(0, comments)
			.flatMap((i) -> http.post().uri("/api/articles/{slug}/comments", slug)
				.bodyValue(Map.of("name", "Reader", "email", "r" + i + "@example.com", "body", "comment " + i))
				.retrieve()
				.toBodilessEntity(), 8)
			.blockLast(Duration.ofSeconds(60));

		await().atMost(Duration.ofSeconds(10)).until(() -> fastReceived.size() == comments);
		assertThat(fastReceived).extracting(CommentEvent::seq).isSorted().doesNotHaveDuplicates();
		assertThat(slowReceived).hasSize(1);
		assertThat(slowEnded.get()).isNull();

		// When it reads again it gets what was buffered for it, no more, and then its stream ends: it resumes
		// from its last event id.
		slow.request(Long.MAX_VALUE);
		await().atMost(Duration.ofSeconds(10)).until(() -> slowEnded.get() != null);
		assertThat(slowReceived).hasSize(1 + CommentFeed.BUFFER);
		assertThat(slowReceived).extracting(CommentEvent::seq)
			.containsExactlyElementsOf(fastReceived.subList(0, 1 + CommentFeed.BUFFER).stream().map(CommentEvent::seq).toList());
	}

}
