package io.readerpulse.live;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The live {@code stats} of every story that someone has open: one {@link StatsTopic} per story, created by
 * its first reader and dropped with its last.
 * <p>
 * Changes only mark a topic dirty; a tick every {@link LiveProperties#statsInterval()} sends each dirty
 * topic's latest stats to its readers, so a viral story produces one event per second however many views
 * arrive. Readers never touch the database: a topic's stats come from one read when it is created, then
 * from the changes.
 */
@Component
final class StatsTopics extends WhileRunning implements LiveReaders {

	private static final Logger logger = LoggerFactory.getLogger(StatsTopics.class);

	private final Map<Long, StatsTopic> topics = new ConcurrentHashMap<>();

	private final Map<Long, Mono<Stats>> loading = new ConcurrentHashMap<>();

	private volatile Map<Long, Long> elsewhere = Map.of();

	private final StatsSource source;

	private final Duration interval;

	private final AtomicInteger streams = new AtomicInteger();

	private final Counter dropped;

	StatsTopics(StatsSource source, LiveProperties properties, MeterRegistry meters) {
		this.source = source;
		this.interval = properties.statsInterval();
		this.dropped = meters.counter("pulse.live.stats.dropped");
		meters.gauge("pulse.live.streams", this.streams);
	}

	/**
	 * The story's stats: the current value at once, then the latest value whenever it changed, at most once
	 * per stats interval. Subscribing counts as a reader until cancelled.
	 * @param articleId the story
	 * @return the stats stream; completes if the story is removed
	 */
	Flux<Stats> stream(long articleId) {
		Mono<Stats> initial = Mono.defer(() -> {
			StatsTopic topic = this.topics.get(articleId);
			Stats known = (topic != null) ? topic.current() : null;
			// Readers who arrive together before the topic exists share one read.
			return (known != null) ? Mono.just(known) : this.loading.computeIfAbsent(articleId,
					(id) -> this.source.load(id).doFinally((signal) -> this.loading.remove(id)).cache());
		});
		return initial.flatMapMany((stats) -> LatestValue.<Stats>of((reader) -> {
			StatsTopic topic = join(articleId, reader);
			reader.onDispose(() -> leave(articleId, reader));
			reader.next(topic.seed(stats));
		}, this.dropped::increment));
	}

	/**
	 * Records a change of a story's stats; it reaches the readers with the next tick.
	 * @param articleId the story
	 * @param change the change
	 */
	void update(long articleId, StatsChange change) {
		StatsTopic topic = this.topics.get(articleId);
		if (topic != null) {
			topic.apply(change);
		}
	}

	@Override
	public long readingNow(long articleId) {
		StatsTopic topic = this.topics.get(articleId);
		return (topic != null) ? topic.readers() : this.elsewhere.getOrDefault(articleId, 0L);
	}

	/**
	 * The open streams on this instance, per story.
	 * @return readers per article id, for the stories someone here has open
	 */
	Map<Long, Long> localReaders() {
		Map<Long, Long> readers = new HashMap<>();
		this.topics.forEach((id, topic) -> {
			long local = topic.localReaders();
			if (local > 0) {
				readers.put(id, local);
			}
		});
		return readers;
	}

	/**
	 * Records how many readers the other instances have, per story; {@code readingNow} counts them too.
	 * @param readers readers per article id on all other instances together
	 */
	void readersElsewhere(Map<Long, Long> readers) {
		this.elsewhere = Map.copyOf(readers);
		this.topics.forEach((id, topic) -> topic.othersChanged(readers.getOrDefault(id, 0L)));
	}

	/**
	 * Ends the streams of a story that is gone.
	 * @param articleId the story
	 */
	void removed(long articleId) {
		StatsTopic topic = this.topics.remove(articleId);
		if (topic != null) {
			topic.complete();
		}
	}

	private StatsTopic join(long articleId, FluxSink<Stats> reader) {
		this.streams.incrementAndGet();
		return this.topics.compute(articleId, (id, existing) -> {
			StatsTopic topic = (existing != null) ? existing : new StatsTopic(this.elsewhere.getOrDefault(id, 0L));
			topic.join(reader);
			return topic;
		});
	}

	private void leave(long articleId, FluxSink<Stats> reader) {
		this.streams.decrementAndGet();
		this.topics.computeIfPresent(articleId, (id, topic) -> topic.leave(reader) ? null : topic);
	}

	@Override
	public void start() {
		super.start();
		whileRunning(Flux.interval(this.interval, this.interval)).onBackpressureDrop().subscribe((tick) -> {
			try {
				this.topics.values().forEach(StatsTopic::publishIfDirty);
			}
			catch (RuntimeException ex) {
				// One bad tick must not end live stats for everybody.
				logger.error("Publishing live stats failed", ex);
			}
		});
	}

	/**
	 * Ends every stream (before the web server's graceful shutdown, which would otherwise wait for them
	 * until its timeout); readers reconnect to another instance.
	 */
	@Override
	public void stop() {
		super.stop();
		this.topics.values().forEach(StatsTopic::complete);
	}

}
