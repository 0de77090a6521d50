package io.readerpulse.live;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The live {@code stats} of every story that someone has open: one {@link StatsTopic} per story (see
 * {@link TopicMap}), from its first reader's arrival until its last reader leaves.
 * <p>
 * Changes only mark a topic dirty; a tick every {@link LiveProperties#statsInterval()} sends each dirty
 * topic's latest stats to its readers, so a viral story produces one event per second however many views
 * arrive. Readers never touch the database: a topic's stats come from one read when it is created, then
 * from the changes.
 */
@Component
final class StatsTopics extends WhileRunning implements LiveReaders {

	private static final Logger logger = LoggerFactory.getLogger(StatsTopics.class);

	private volatile Map<Long, Long> elsewhere = Map.of();

	private final TopicMap topics = new TopicMap((id) -> this.elsewhere.getOrDefault(id, 0L));

	private final StatsSource source;

	private final Duration interval;

	private final Duration heartbeat;

	private final JsonMapper json;

	private final AtomicInteger streams = new AtomicInteger();

	private final Counter dropped;

	StatsTopics(StatsSource source, LiveProperties properties, JsonMapper json, MeterRegistry meters) {
		this.source = source;
		this.json = json;
		this.interval = properties.statsInterval();
		this.heartbeat = properties.heartbeat();
		this.dropped = meters.counter("pulse.live.stats.dropped");
		meters.gauge("pulse.live.streams", this.streams);
	}

	/** See {@link TopicMap#arrive}. */
	Arrival arrive(long articleId) {
		return this.topics.arrive(articleId);
	}

	/**
	 * The story's stats for a reader about to join: its topic's if they are known, else read (readers who
	 * arrive at one topic while its read runs share it; a topic that came after it was abandoned reads anew, or
	 * it would miss what was written meanwhile).
	 * @param arrival the reader's arrival
	 * @return the stats
	 */
	Mono<Stats> initial(Arrival arrival) {
		return Mono.defer(() -> {
			// Written totals only: the topic adds its own unwritten views on top, and must not take them as written.
			Stats known = arrival.topic.written();
			return (known != null) ? Mono.just(known) : arrival.topic.read(() -> this.source.load(arrival.articleId));
		});
	}

	/**
	 * Adds a reader to the story's topic; it counts as reading until it leaves, and gets the topic's stats
	 * with every tick that changed them.
	 * @param arrival the reader's arrival
	 * @param reader the reader's stream
	 * @param loaded the stats read for it (see {@link #initial})
	 * @return the stats to send it first, {@code readingNow} included; or {@code null} if the story was removed
	 * or this instance stopped while the reader arrived: end its stream
	 */
	@Nullable Stats join(Arrival arrival, EventStream reader, Stats loaded) {
		StatsTopic joined = this.topics.join(arrival, reader);
		if (joined == null) {
			return null;
		}
		this.streams.incrementAndGet();
		return joined.seed(loaded);
	}

	/** See {@link TopicMap#abandon}. */
	void abandon(Arrival arrival) {
		this.topics.abandon(arrival);
	}

	/** Removes a reader that {@link #join joined}. */
	void leave(long articleId, EventStream reader) {
		this.streams.decrementAndGet();
		this.topics.leave(articleId, reader);
	}

	/**
	 * Records a change of a story's stats; it reaches the readers with the next tick.
	 * @param articleId the story
	 * @param change the change
	 */
	void update(long articleId, StatsChange change) {
		update(articleId, change, LiveChanges.Announced.NONE);
	}

	/**
	 * Records a view counted but not yet written; it reaches the readers with the next tick.
	 * @return the mark of the topic that counted it, or {@code 0} if nobody has the story open (no cost)
	 */
	long viewCounted(long articleId) {
		StatsTopic topic = this.topics.get(articleId);
		return (topic != null) ? topic.viewCounted() : 0;
	}

	/** Records a write's totals ({@code null} if it read back none) and its views {@link #viewCounted counted} here. */
	void update(long articleId, @Nullable StatsChange change, LiveChanges.Announced announced) {
		StatsTopic topic = this.topics.get(articleId);
		if (topic != null) {
			topic.apply(change, announced);
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
		this.topics.all().forEach((id, topic) -> {
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
		this.topics.all().forEach((id, topic) -> topic.othersChanged(readers.getOrDefault(id, 0L)));
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

	@Override
	public void start() {
		super.start();
		whileRunning(Flux.interval(this.interval, this.interval)).onBackpressureDrop().subscribe((tick) -> {
			try {
				this.topics.values().forEach((topic) -> topic.publishIfDirty(this::encode, this.dropped::increment));
			}
			catch (RuntimeException ex) {
				// One bad tick must not end live stats for everybody.
				logger.error("Publishing live stats failed", ex);
			}
		});
		// One timer for every stream's heartbeats, not one per stream, each tick beating a slice of them.
		Duration slice = this.heartbeat.dividedBy(Heartbeats.SLICES);
		whileRunning(Flux.interval(slice, slice)).onBackpressureDrop().subscribe((tick) -> this.topics.values()
			.forEach((topic) -> Deliveries.yielding(topic.streams(), (stream) -> Heartbeats.beat(stream, tick), () -> { })));
	}

	/** The latest stats of a story to send with a comment event, if anyone has it open (see {@link StatsTopic#along}). */
	@Nullable AlongStats along(long articleId) {
		StatsTopic topic = this.topics.get(articleId);
		return (topic != null) ? topic.along(this::encode) : null;
	}

	/**
	 * A {@code stats} event.
	 * @param stats the stats
	 * @return the event, for the caller to release
	 */
	ByteBuf encode(Stats stats) {
		return SseFrames.event(null, "stats", this.json.writeValueAsString(stats));
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
