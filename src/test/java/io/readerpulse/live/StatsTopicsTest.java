package io.readerpulse.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Live stats delivery in virtual time: one event per tick however many changes, the same bytes for every
 * reader, the latest value for a reader whose connection was full, readers counted while they read.
 */
class StatsTopicsTest {

	private static final long STORY = 7;

	private static final Duration TICK = Duration.ofSeconds(1);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final JsonMapper json = JsonMapper.builder().build();

	private final VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();

	private final StatsTopics topics = new StatsTopics((id) -> Mono.just(Stats.NONE.withCounts(100, 40)),
			TestLive.properties(TICK), this.json, this.meters);

	@AfterEach
	void stop() {
		this.topics.stop();
		VirtualTimeScheduler.reset();
	}

	@Test
	void manyChangesWithinATickReachEveryReaderAsOneEventWithTheLatestCounts() {
		this.topics.start();
		TestReader first = new TestReader().joining(this.topics, STORY, Stats.NONE.withCounts(100, 40));
		TestReader second = new TestReader().joining(this.topics, STORY, Stats.NONE.withCounts(100, 40));
		assertThat(stats(first.data("stats"))).extracting(Stats::views).containsExactly(100L);
		assertThat(stats(second.data("stats"))).extracting(Stats::readingNow).containsExactly(2L);
		assertThat(first.events()).isEmpty();
		for (int views = 101; views <= 150; views++) {
			this.topics.update(STORY, new StatsChange.Counted(views, 41, Stats.Trending.NONE));
		}
		this.time.advanceTimeBy(TICK);
		List<Stats> received = stats(first.data("stats"));
		assertThat(received).extracting(Stats::views).containsExactly(150L);
		assertThat(received).extracting(Stats::readingNow).containsExactly(2L);
		assertThat(stats(second.data("stats"))).containsExactlyElementsOf(received);
		this.time.advanceTimeBy(TICK.multipliedBy(10));
		assertThat(first.events()).isEmpty();
		this.topics.leave(STORY, first.stream);
		this.topics.leave(STORY, second.stream);
		assertThat(this.topics.readingNow(STORY)).isZero();
	}

	@Test
	void viewsCountedButNotYetWrittenReachReadersAtTheNextTickAndTheirTotalsDoNotCountThemTwice() {
		this.topics.start();
		TestReader reader = new TestReader().joining(this.topics, STORY, Stats.NONE.withCounts(100, 40));
		assertThat(stats(reader.data("stats"))).extracting(Stats::views).containsExactly(100L);
		long mark = this.topics.viewCounted(STORY);
		assertThat(this.topics.viewCounted(STORY)).isEqualTo(mark);
		this.topics.viewCounted(STORY);
		this.time.advanceTimeBy(TICK);
		assertThat(stats(reader.data("stats"))).extracting(Stats::views).as("no flush").containsExactly(103L);

		// A flush took two of them (the third came after it drained); another instance's view is in its total.
		this.topics.update(STORY, new StatsChange.Counted(103, 42, Stats.Trending.NONE),
				new LiveChanges.Announced(mark, 2));
		this.time.advanceTimeBy(TICK);
		assertThat(stats(reader.data("stats"))).extracting(Stats::views, Stats::uniqueVisitors)
			.containsExactly(tuple(104L, 42L));

		// A retry that finds its batch written reads back no totals: the figure waits for the next ones.
		this.topics.update(STORY, null, new LiveChanges.Announced(mark, 1));
		this.time.advanceTimeBy(TICK);
		assertThat(reader.events()).as("never down").isEmpty();
		this.topics.update(STORY, new StatsChange.Counted(105, 43, Stats.Trending.NONE), LiveChanges.Announced.NONE);
		this.time.advanceTimeBy(TICK);
		assertThat(stats(reader.data("stats"))).extracting(Stats::views).containsExactly(105L);
	}

	@Test
	void viewsAreCountedOnlyWhileSomeoneHasTheStoryOpenAndOnlyByTheTopicThatCountedThem() {
		this.topics.start();
		assertThat(this.topics.viewCounted(STORY)).as("nobody reading").isZero();
		TestReader first = new TestReader().joining(this.topics, STORY, Stats.NONE.withCounts(100, 40));
		long old = this.topics.viewCounted(STORY);
		this.topics.leave(STORY, first.stream);

		TestReader second = new TestReader().joining(this.topics, STORY, Stats.NONE.withCounts(100, 40));
		assertThat(this.topics.viewCounted(STORY)).isNotEqualTo(old).isNotZero();
		this.time.advanceTimeBy(TICK);
		assertThat(stats(second.data("stats"))).extracting(Stats::views).containsExactly(100L, 101L);
		// The flush wrote the view the closed topic counted; the open topic still adds its own on top.
		this.topics.update(STORY, new StatsChange.Counted(101, 41, Stats.Trending.NONE),
				new LiveChanges.Announced(old, 1));
		this.time.advanceTimeBy(TICK);
		assertThat(stats(second.data("stats"))).extracting(Stats::views).containsExactly(102L);
		// A reader joining now is seeded with the written total, not with the views still to be written.
		Arrival arrival = this.topics.arrive(STORY);
		TestReader third = new TestReader().joining(this.topics, arrival,
				Objects.requireNonNull(this.topics.initial(arrival).block()));
		assertThat(stats(third.data("stats"))).extracting(Stats::views).containsExactly(102L);
		this.time.advanceTimeBy(TICK);
		assertThat(stats(second.data("stats"))).extracting(Stats::views).containsExactly(102L);
	}

	@Test
	void changesWrittenWhileTheFirstReadersStatsAreReadReachIt() {
		Sinks.One<Stats> read = Sinks.one();
		StatsTopics topics = started(read.asMono());
		Arrival arrival = topics.arrive(STORY);
		AtomicReference<Stats> loaded = initial(topics, arrival);
		// The read saw none of these: a write of views, another instance's comment.
		topics.update(STORY, new StatsChange.Counted(101, 41, Stats.Trending.NONE), LiveChanges.Announced.NONE);
		topics.update(STORY, new StatsChange.Commented(1, 1));
		read.tryEmitValue(Stats.NONE.withCounts(100, 40));
		TestReader reader = new TestReader();
		Stats first = topics.join(arrival, reader.stream, loaded.get());
		assertThat(first).extracting(Stats::views, Stats::uniqueVisitors, Stats::comments, Stats::readingNow)
			.containsExactly(101L, 41L, 1L, 1L);
		topics.abandon(arrival);
		assertThat(topics.readingNow(STORY)).as("an arrival that joined is not abandoned").isEqualTo(1);
		topics.stop();
	}

	@Test
	void aViewWrittenBeforeTheFirstReadersStatsAreReadCountsOnce() {
		Sinks.One<Stats> read = Sinks.one();
		StatsTopics topics = started(read.asMono());
		Arrival arrival = topics.arrive(STORY);
		AtomicReference<Stats> loaded = initial(topics, arrival);
		// A view counted now, written and committed before the read, which sees it; its write is announced
		// only after the reader joined.
		long mark = topics.viewCounted(STORY);
		read.tryEmitValue(Stats.NONE.withCounts(101, 41));
		TestReader reader = new TestReader().joining(topics, arrival, loaded.get());
		assertThat(stats(reader.data("stats"))).extracting(Stats::views).containsExactly(101L);
		topics.update(STORY, new StatsChange.Counted(101, 41, Stats.Trending.NONE), new LiveChanges.Announced(mark, 1));
		this.time.advanceTimeBy(TICK);
		assertThat(reader.events()).as("nothing new").isEmpty();
		topics.stop();
	}

	@Test
	void aReaderArrivingAfterAnotherGaveUpDoesNotShareAReadThatMissedAWrite() {
		List<Sinks.One<Stats>> reads = new ArrayList<>();
		StatsTopics topics = new StatsTopics((id) -> {
			Sinks.One<Stats> read = Sinks.one();
			reads.add(read);
			return read.asMono();
		}, TestLive.properties(TICK), this.json, this.meters);
		topics.start();
		Arrival gone = topics.arrive(STORY);
		Disposable waiting = topics.initial(gone).subscribe();
		waiting.dispose();
		topics.abandon(gone);
		// Nobody has the story open: this write reaches no topic, and the first read may not include it.
		topics.update(STORY, new StatsChange.Counted(101, 41, Stats.Trending.NONE), LiveChanges.Announced.NONE);
		Arrival next = topics.arrive(STORY);
		AtomicReference<Stats> loaded = initial(topics, next);
		assertThat(reads).as("a read of its own").hasSize(2);
		reads.get(0).tryEmitValue(Stats.NONE.withCounts(100, 40));
		reads.get(1).tryEmitValue(Stats.NONE.withCounts(101, 41));
		assertThat(topics.join(next, new TestReader().stream, loaded.get()).views()).isEqualTo(101);
		topics.stop();
	}

	@Test
	void aReaderWhoGivesUpBeforeJoiningLeavesNoTopicBehind() {
		this.topics.start();
		Arrival gone = this.topics.arrive(STORY);
		Arrival staying = this.topics.arrive(STORY);
		this.topics.abandon(gone);
		this.topics.abandon(gone);
		// A topic is kept for the reader still arriving: it hears this write.
		this.topics.update(STORY, new StatsChange.Counted(101, 41, Stats.Trending.NONE), LiveChanges.Announced.NONE);
		TestReader reader = new TestReader();
		assertThat(this.topics.join(staying, reader.stream, Stats.NONE.withCounts(100, 40)).views()).isEqualTo(101);
		this.topics.leave(STORY, reader.stream);
		assertThat(this.topics.viewCounted(STORY)).as("nobody reading or arriving").isZero();
		// No topic is left to hear this one: the next reader's read is what it sees.
		this.topics.update(STORY, new StatsChange.Counted(102, 42, Stats.Trending.NONE), LiveChanges.Announced.NONE);
		assertThat(this.topics.join(this.topics.arrive(STORY), new TestReader().stream, Stats.NONE.withCounts(100, 40))
			.views()).isEqualTo(100);
	}

	@Test
	void aReaderArrivingAsItsStoryIsRemovedIsTurnedAway() {
		this.topics.start();
		Arrival late = this.topics.arrive(STORY);
		Arrival other = this.topics.arrive(STORY);
		this.topics.removed(STORY);
		assertThat(this.topics.join(late, new TestReader().stream, Stats.NONE)).isNull();
		this.topics.abandon(other);
		assertThat(this.topics.readingNow(STORY)).isZero();
		// A reader arriving after the removal is not turned away (a story recreated under the id, a late notice).
		TestReader after = new TestReader().joining(this.topics, STORY, Stats.NONE);
		assertThat(this.topics.readingNow(STORY)).isEqualTo(1);
		this.topics.leave(STORY, after.stream);
		assertThat(this.topics.viewCounted(STORY)).isZero();
	}

	@Test
	void aReaderArrivingAsThisInstanceStopsIsTurnedAway() {
		this.topics.start();
		Arrival arrival = this.topics.arrive(STORY);
		this.topics.stop();
		assertThat(this.topics.join(arrival, new TestReader().stream, Stats.NONE)).isNull();
	}

	@Test
	void aReaderWhoseConnectionIsFullGetsOnlyTheLatestStatsOnceItHasRoom() {
		this.topics.start();
		TestReader reader = new TestReader().joining(this.topics, STORY, Stats.NONE);
		reader.events();
		reader.full(true);
		this.topics.update(STORY, new StatsChange.Commented(1, 1));
		this.time.advanceTimeBy(TICK);
		// The loop runs between ticks, as a real one does.
		assertThat(reader.events()).isEmpty();
		this.topics.update(STORY, new StatsChange.Commented(2, 2));
		this.time.advanceTimeBy(TICK);
		assertThat(reader.events()).isEmpty();
		assertThat(this.meters.counter("pulse.live.stats.dropped").count()).isEqualTo(2);

		reader.full(false);
		this.time.advanceTimeBy(TICK);
		assertThat(stats(reader.data("stats"))).extracting(Stats::comments).containsExactly(2L);
		this.time.advanceTimeBy(TICK.multipliedBy(3));
		assertThat(reader.events()).as("sent once").isEmpty();
	}

	@Test
	void readersOnOtherInstancesCountInReadingNow() {
		this.topics.start();
		TestReader reader = new TestReader().joining(this.topics, STORY, Stats.NONE);
		assertThat(stats(reader.data("stats"))).extracting(Stats::readingNow).containsExactly(1L);
		this.topics.readersElsewhere(Map.of(STORY, 4L));
		this.time.advanceTimeBy(TICK);
		assertThat(stats(reader.data("stats"))).extracting(Stats::readingNow).containsExactly(5L);
		assertThat(this.topics.localReaders()).containsExactly(Map.entry(STORY, 1L));
		this.topics.leave(STORY, reader.stream);
		assertThat(this.topics.readingNow(STORY)).isEqualTo(4);
	}

	@Test
	void aReaderDoesNotGetTheStatsItAlreadyHas() {
		this.topics.start();
		TestReader reader = new TestReader().joining(this.topics, STORY, Stats.NONE);
		assertThat(reader.data("stats")).hasSize(1);
		// Its joining changed readingNow, which it was told in its first event.
		this.time.advanceTimeBy(TICK.multipliedBy(3));
		assertThat(reader.events()).isEmpty();
	}

	@Test
	void aTickDoesNotOvertakeTheLastOneStillBeingWritten() {
		this.topics.start();
		TestReader reader = new TestReader().joining(this.topics, STORY, Stats.NONE);
		reader.events();
		this.topics.update(STORY, new StatsChange.Commented(1, 1));
		this.time.advanceTimeBy(TICK);
		// The loop has not run: the first tick's stats are still on their way when the second tick comes.
		this.topics.update(STORY, new StatsChange.Commented(2, 2));
		this.time.advanceTimeBy(TICK);
		assertThat(stats(reader.data("stats"))).extracting(Stats::comments).containsExactly(1L);
		this.time.advanceTimeBy(TICK);
		assertThat(stats(reader.data("stats"))).extracting(Stats::comments).containsExactly(2L);
	}

	@Test
	void heartbeatsComeFromOneTimerForEveryStream() {
		this.topics.start();
		TestReader first = new TestReader().joining(this.topics, STORY, Stats.NONE);
		TestReader other = new TestReader().joining(this.topics, STORY + 1, Stats.NONE);
		first.events();
		other.events();
		for (int beat = 0; beat < 3; beat++) {
			this.time.advanceTimeBy(Duration.ofSeconds(25));
			assertThat(first.heartbeats()).isEqualTo(1);
			assertThat(other.heartbeats()).isEqualTo(1);
		}
		assertThat(SseFrames.HEARTBEAT.refCnt()).as("the shared heartbeat is never released, only its duplicates")
			.isEqualTo(1);
	}

	@Test
	void heartbeatsAreSpreadOverTheirPeriodNotSentToEveryStreamAtOnce() {
		this.topics.start();
		List<TestReader> readers = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			TestReader reader = new TestReader().joining(this.topics, STORY, Stats.NONE);
			reader.events();
			readers.add(reader);
		}
		Map<TestReader, Integer> beats = new HashMap<>();
		int most = 0;
		for (int second = 0; second < 50; second++) {
			this.time.advanceTimeBy(Duration.ofSeconds(1));
			int now = 0;
			for (TestReader reader : readers) {
				int got = reader.heartbeats();
				beats.merge(reader, got, Integer::sum);
				now += got;
			}
			most = Math.max(most, now);
		}
		assertThat(beats.values()).as("two periods, two heartbeats each").containsOnly(2);
		// Ten thousand readers beaten in one go hold up any comment arriving in that moment.
		assertThat(most).as("the most heartbeats in one second").isLessThan(readers.size() / 4);
	}

	@Test
	void aRemovedStoryEndsItsStreams() {
		this.topics.start();
		TestReader reader = new TestReader().joining(this.topics, STORY, Stats.NONE);
		assertThat(reader.ended()).isFalse();
		this.topics.removed(STORY);
		assertThat(reader.ended()).isTrue();
	}

	private StatsTopics started(Mono<Stats> read) {
		StatsTopics topics = new StatsTopics((id) -> read, TestLive.properties(TICK), this.json, this.meters);
		topics.start();
		return topics;
	}

	/** Starts an arrival's read; the reference holds its stats once it answers. */
	private static AtomicReference<Stats> initial(StatsTopics topics, Arrival arrival) {
		AtomicReference<Stats> loaded = new AtomicReference<>();
		topics.initial(arrival).subscribe(loaded::set);
		return loaded;
	}

	private List<Stats> stats(List<String> data) {
		return data.stream().map((text) -> this.json.readValue(text, Stats.class)).toList();
	}

}
