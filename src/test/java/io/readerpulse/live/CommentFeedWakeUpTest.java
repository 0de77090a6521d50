package io.readerpulse.live;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comment feed's wake-ups: a story marked while another story's fetch is under way, on another thread,
 * is fetched too.
 */
class CommentFeedWakeUpTest {

	// 0 while the readers join, 1 once armed, 2 after story 2 changed during story 1's fetch.
	private final AtomicInteger phase = new AtomicInteger();

	private final CountDownLatch secondFetched = new CountDownLatch(1);

	private final Disposable.Composite readers = Disposables.composite();

	private CommentFeed feed;

	@AfterEach
	void stop() {
		this.readers.dispose();
		this.feed.stop();
	}

	@Test
	void aStoryChangedOnAnotherThreadDuringAFetchIsFetchedToo() throws InterruptedException {
		this.feed = new CommentFeed(new CommentEventLog() {
			@Override
			public Flux<CommentEvent> events(long articleId, long after, long upTo) {
				if (articleId == 1 && CommentFeedWakeUpTest.this.phase.compareAndSet(1, 2)) {
					// Story 2 gets a comment on another thread while story 1 is being fetched.
					Thread other = new Thread(() -> CommentFeedWakeUpTest.this.feed.changed(2));
					other.start();
					join(other);
				}
				else if (articleId == 2 && CommentFeedWakeUpTest.this.phase.get() == 2) {
					CommentFeedWakeUpTest.this.secondFetched.countDown();
				}
				return Flux.empty();
			}

			@Override
			public Mono<Long> lastEvent(long articleId) {
				return Mono.just(0L);
			}
		}, new StatsTopics((id) -> Mono.just(Stats.NONE), TestLive.properties(Duration.ofSeconds(1)),
				JsonMapper.builder().build(), new SimpleMeterRegistry()), new SimpleMeterRegistry());
		this.feed.start();
		// Both stories have a reader; joining fetches each once, before the interference is armed.
		this.readers.add(this.feed.follow(1, null, -1, new TestReader().stream).subscribe());
		this.readers.add(this.feed.follow(2, null, -1, new TestReader().stream).subscribe());
		this.phase.set(1);

		this.feed.changed(1);

		assertThat(this.phase).hasValue(2);
		assertThat(this.secondFetched.await(5, TimeUnit.SECONDS)).isTrue();
	}

	private static void join(Thread thread) {
		try {
			thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
