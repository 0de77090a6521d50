package io.readerpulse.live;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * How comment events reach a story's readers, in virtual time: a committed event that is next in line
 * without reading it back, the story's new count together with the comment (not a tick later in a write of
 * its own to every reader).
 */
class CommentFeedDeliveryTest {

	private static final long STORY = 7;

	private static final Duration TICK = Duration.ofSeconds(1);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final JsonMapper json = JsonMapper.builder().build();

	private final VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();

	private final StatsTopics topics = new StatsTopics((id) -> Mono.just(Stats.NONE),
			TestLive.properties(TICK), this.json, this.meters);

	private final List<CommentEvent> log = new CopyOnWriteArrayList<>();

	private final AtomicInteger reads = new AtomicInteger();

	private final CommentFeed feed = new CommentFeed(new CommentEventLog() {
		@Override
		public Flux<CommentEvent> events(long articleId, long after, long upTo) {
			CommentFeedDeliveryTest.this.reads.incrementAndGet();
			return Flux.fromIterable(CommentFeedDeliveryTest.this.log).filter((event) -> event.seq() > after && event.seq() <= upTo);
		}

		@Override
		public Mono<Long> lastEvent(long articleId) {
			return Mono.just((long) CommentFeedDeliveryTest.this.log.size());
		}
	}, this.topics, this.meters);

	private Disposable following = () -> { };

	@AfterEach
	void stop() {
		this.following.dispose();
		this.feed.stop();
		this.topics.stop();
		VirtualTimeScheduler.reset();
	}

	@Test
	void theNewCountComesWithTheCommentAndTheTickAfterItWritesNothing() {
		TestReader reader = open();

		comment(1);

		List<List<String>> events = reader.events();
		assertThat(events).extracting(CommentFeedDeliveryTest::name).containsExactly("comment", "stats");
		assertThat(stats(events.get(1)).comments()).isEqualTo(1);
		this.time.advanceTimeBy(TICK.multipliedBy(3));
		assertThat(reader.events()).isEmpty();
	}

	@Test
	void aCommentDuringATickThatIsStillBeingWrittenGoesAloneAndItsCountFollowsWithTheNextTick() {
		TestReader reader = open();
		this.topics.update(STORY, new StatsChange.Counted(50, 20, Stats.Trending.NONE));
		// The tick hands its stats to the reader's loop, which has not run yet.
		this.time.advanceTimeBy(TICK);

		comment(1);

		List<List<String>> events = reader.events();
		assertThat(events).extracting(CommentFeedDeliveryTest::name).containsExactly("stats", "comment");
		assertThat(stats(events.get(0)).comments()).isZero();
		this.time.advanceTimeBy(TICK);
		assertThat(reader.events()).extracting(this::stats).extracting(Stats::views, Stats::comments)
			.containsExactly(tuple(50L, 1L));
	}

	@Test
	void aCommittedEventThatIsNextReachesTheReadersWithoutReadingTheLog() {
		TestReader reader = open();
		int before = this.reads.get();
		CommentEvent event = new CommentEvent(1, "comment", "{\"id\":1}");
		this.topics.update(STORY, new StatsChange.Commented(1, 1));

		this.feed.committed(STORY, event);

		List<List<String>> events = reader.events();
		assertThat(events).extracting(CommentFeedDeliveryTest::name).containsExactly("comment", "stats");
		assertThat(events.get(0)).containsExactly("id:1", "event:comment", "data:{\"id\":1}");
		assertThat(this.reads).hasValue(before);
		// Told again (a fetch that read it too, say), it is not sent twice.
		this.feed.committed(STORY, event);
		assertThat(reader.events()).isEmpty();
	}

	@Test
	void aCommittedEventAfterOneTheReadersHaveNotHadIsFetchedWithIt() {
		TestReader reader = open();
		this.log.add(new CommentEvent(1, "comment", "{\"id\":1}"));
		this.log.add(new CommentEvent(2, "comment", "{\"id\":2}"));
		this.topics.update(STORY, new StatsChange.Commented(2, 2));

		this.feed.committed(STORY, this.log.get(1));

		List<List<String>> events = reader.events();
		assertThat(events).extracting(CommentFeedDeliveryTest::name).containsExactly("comment", "comment", "stats");
		assertThat(events).extracting((event) -> event.get(0)).containsExactly("id:1", "id:2", "event:stats");
		assertThat(stats(events.get(2)).comments()).isEqualTo(2);
	}

	@Test
	void aReaderWhoJoinsWhileAnEventIsOnItsWayToItsLoopGetsItOnceFromItsReplay() {
		TestReader first = open();
		TestReader second = new TestReader(first).joining(this.topics, STORY, Stats.NONE);
		this.log.add(new CommentEvent(1, "comment", "{\"id\":1}"));
		this.topics.update(STORY, new StatsChange.Commented(1, 1));
		// Handed to the loop, which has not run yet; the second reader then joins, after the event, and
		// replays it from the log.
		this.feed.committed(STORY, this.log.get(0));
		Disposable replaying = this.feed.follow(STORY, null, 0, second.stream).subscribe();

		List<List<String>> firstEvents = first.events();
		assertThat(firstEvents).extracting(CommentFeedDeliveryTest::name).containsExactly("comment", "stats");
		assertThat(second.data("comment")).containsExactly("{\"id\":1}");
		replaying.dispose();
	}

	private TestReader open() {
		this.topics.start();
		this.feed.start();
		TestReader reader = new TestReader().joining(this.topics, STORY, Stats.NONE);
		this.following = this.feed.follow(STORY, null, -1, reader.stream).subscribe();
		assertThat(reader.events()).extracting(CommentFeedDeliveryTest::name).containsExactly("stats");
		return reader;
	}

	/** A comment is committed and announced as the service does: its count first, then its events. */
	private void comment(long seq) {
		this.log.add(new CommentEvent(seq, "comment", "{\"id\":" + seq + "}"));
		this.topics.update(STORY, new StatsChange.Commented(seq, seq));
		this.feed.changed(STORY);
	}

	private static String name(List<String> event) {
		return event.stream().filter((line) -> line.startsWith("event:")).findFirst().orElse("").substring(6);
	}

	private Stats stats(List<String> event) {
		String data = event.stream().filter((line) -> line.startsWith("data:")).findFirst().orElseThrow();
		return Objects.requireNonNull(this.json.readValue(data.substring(5), Stats.class));
	}

}
