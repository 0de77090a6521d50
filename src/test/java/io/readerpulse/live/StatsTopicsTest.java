package io.readerpulse.live;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live stats delivery in virtual time: one event per tick however many changes, the latest value for a slow
 * reader, readers counted while subscribed.
 */
class StatsTopicsTest {

	private static final long STORY = 7;

	private static final Duration TICK = Duration.ofSeconds(1);

	private static final Duration DEADLINE = Duration.ofSeconds(5);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final StatsTopics topics = new StatsTopics((id) -> Mono.just(Stats.NONE.withCounts(100, 40)),
			new LiveProperties(TICK, Duration.ofSeconds(25), Duration.ofSeconds(2), Duration.ofSeconds(10), 0,
					Duration.ofSeconds(30)), this.meters);

	@AfterEach
	void stop() {
		this.topics.stop();
	}

	@Test
	void manyChangesWithinATickReachTheReaderAsOneEventWithTheLatestCounts() {
		StepVerifier.withVirtualTime(() -> {
			this.topics.start();
			return this.topics.stream(STORY);
		})
			.assertNext((stats) -> assertThat(stats.views()).isEqualTo(100))
			.then(() -> {
				for (int views = 101; views <= 150; views++) {
					this.topics.update(STORY, new StatsChange.Counted(views, 41, Stats.Trending.NONE));
				}
			})
			.thenAwait(TICK)
			.assertNext((stats) -> {
				assertThat(stats.views()).isEqualTo(150);
				assertThat(stats.readingNow()).isEqualTo(1);
			})
			.expectNoEvent(TICK.multipliedBy(10))
			.thenCancel()
			.verify(DEADLINE);
		assertThat(this.topics.readingNow(STORY)).isZero();
	}

	@Test
	void aReaderThatDoesNotReadGetsOnlyTheLatestStatsWhenItCatchesUp() {
		StepVerifier.withVirtualTime(() -> {
			this.topics.start();
			return this.topics.stream(STORY);
		}, 0)
			.then(() -> this.topics.update(STORY, new StatsChange.Commented(1, 1)))
			.thenAwait(TICK)
			.then(() -> this.topics.update(STORY, new StatsChange.Commented(2, 2)))
			.thenAwait(TICK)
			.thenRequest(1)
			.assertNext((stats) -> assertThat(stats.comments()).isEqualTo(2))
			.thenRequest(1)
			.expectNoEvent(TICK.multipliedBy(3))
			.thenCancel()
			.verify(DEADLINE);
		assertThat(this.meters.counter("pulse.live.stats.dropped").count()).isEqualTo(2);
	}

	@Test
	void readersOnOtherInstancesCountInReadingNow() {
		StepVerifier.withVirtualTime(() -> {
			this.topics.start();
			return this.topics.stream(STORY);
		})
			.assertNext((stats) -> assertThat(stats.readingNow()).isEqualTo(1))
			.then(() -> this.topics.readersElsewhere(Map.of(STORY, 4L)))
			.thenAwait(TICK)
			.assertNext((stats) -> assertThat(stats.readingNow()).isEqualTo(5))
			.then(() -> assertThat(this.topics.localReaders()).containsExactly(Map.entry(STORY, 1L)))
			.thenCancel()
			.verify(DEADLINE);
		assertThat(this.topics.readingNow(STORY)).isEqualTo(4);
	}

	@Test
	void aRemovedStoryEndsItsStreams() {
		StepVerifier.withVirtualTime(() -> {
			this.topics.start();
			return this.topics.stream(STORY);
		})
			.expectNextCount(1)
			.then(() -> this.topics.removed(STORY))
			.expectComplete()
			.verify(DEADLINE);
	}

}
