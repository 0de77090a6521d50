package io.readerpulse.live;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.article.ArticleDeleted;
import io.readerpulse.article.LiveReaders;
import io.readerpulse.article.Stats;
import io.readerpulse.article.StatsStore;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The live {@code stats} of every article that someone has open: one topic per article, created by its first
 * reader and dropped with its last.
 * <p>
 * Changes (new view totals, readers arriving or leaving) only mark a topic dirty; a tick every
 * {@link LiveProperties#statsInterval()} sends each dirty topic's latest stats to its readers, so a viral
 * story produces one event per second however many views arrive. Readers never touch the database: a
 * topic's stats come from one read when it is created, then from the view flusher.
 */
@Component
public final class StatsHub implements LiveReaders, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(StatsHub.class);

	private final Map<Long, Topic> topics = new ConcurrentHashMap<>();

	private final Map<Long, Mono<Stats>> loading = new ConcurrentHashMap<>();

	private volatile Map<Long, Long> elsewhere = Map.of();

	private final StatsStore store;

	private final Duration interval;

	private final AtomicInteger streams = new AtomicInteger();

	private final Counter dropped;

	private volatile @Nullable Disposable ticking;

	StatsHub(StatsStore store, LiveProperties properties, MeterRegistry meters) {
		this.store = store;
		this.interval = properties.statsInterval();
		this.dropped = meters.counter("pulse.live.stats.dropped");
		meters.gauge("pulse.live.streams", this.streams);
	}

	/**
	 * The article's stats: the current value at once, then the latest value whenever it changed, at most once
	 * per stats interval. Subscribing counts as a reader until cancelled.
	 * @param articleId the article's id
	 * @return the stats stream; completes if the article is deleted
	 */
	public Flux<Stats> stream(long articleId) {
		Mono<Stats> initial = Mono.defer(() -> {
			Topic topic = this.topics.get(articleId);
			Stats known = (topic != null) ? topic.current() : null;
			// Readers who arrive together before the topic exists share one read.
			return (known != null) ? Mono.just(known) : this.loading.computeIfAbsent(articleId,
					(id) -> this.store.load(id).doFinally((signal) -> this.loading.remove(id)).cache());
		});
		return initial.flatMapMany((stats) -> Flux.create((sink) -> {
			LatestValueSubscriber<Stats> subscriber = new LatestValueSubscriber<>(sink);
			Topic topic = join(articleId, subscriber);
			sink.onRequest((n) -> subscriber.drain());
			sink.onDispose(() -> leave(articleId, subscriber));
			subscriber.offer(topic.seed(stats));
		}));
	}

	/**
	 * Records new view totals of an article.
	 * @param articleId the article's id
	 * @param views counted page views
	 * @param uniqueVisitors distinct visitors
	 * @param trending the trending figures as of the write
	 */
	public void countsChanged(long articleId, long views, long uniqueVisitors, Stats.Trending trending) {
		Topic topic = this.topics.get(articleId);
		if (topic != null) {
			topic.counts(views, uniqueVisitors, trending);
		}
	}

	/**
	 * Records new view totals of an article that another instance counted.
	 * @param articleId the article's id
	 * @param views counted page views
	 * @param uniqueVisitors distinct visitors
	 */
	public void viewsChanged(long articleId, long views, long uniqueVisitors) {
		Topic topic = this.topics.get(articleId);
		if (topic != null) {
			topic.views(views, uniqueVisitors);
		}
	}

	/**
	 * Records a new number of published comments of an article, as of its comment event {@code seq}; a
	 * count that arrives after a newer one is ignored.
	 * @param articleId the article's id
	 * @param seq the article's comment event number that the count belongs to
	 * @param comments published comments
	 */
	public void commentsChanged(long articleId, long seq, long comments) {
		Topic topic = this.topics.get(articleId);
		if (topic != null) {
			topic.comments(seq, comments);
		}
	}

	/**
	 * Records new reaction counts of an article.
	 * @param articleId the article's id
	 * @param reactions the counts
	 */
	public void reactionsChanged(long articleId, Stats.Reactions reactions) {
		Topic topic = this.topics.get(articleId);
		if (topic != null) {
			topic.reactions(reactions);
		}
	}

	/**
	 * Records new trending figures of an article (they change with time alone, and with viral flags).
	 * @param articleId the article's id
	 * @param trending the figures
	 */
	public void trendingChanged(long articleId, Stats.Trending trending) {
		Topic topic = this.topics.get(articleId);
		if (topic != null) {
			topic.trending(trending);
		}
	}

	@Override
	public long readingNow(long articleId) {
		Topic topic = this.topics.get(articleId);
		return (topic != null) ? topic.readers() : this.elsewhere.getOrDefault(articleId, 0L);
	}

	/**
	 * The open streams on this instance, per article.
	 * @return readers per article id, for the articles someone here has open
	 */
	public Map<Long, Long> localReaders() {
		Map<Long, Long> readers = new HashMap<>();
		this.topics.forEach((id, topic) -> {
			long local = topic.subscribers.size();
			if (local > 0) {
				readers.put(id, local);
			}
		});
		return readers;
	}

	/**
	 * Records how many readers the other instances have, per article; {@code readingNow} counts them too.
	 * @param readers readers per article id on all other instances together
	 */
	public void readersElsewhere(Map<Long, Long> readers) {
		this.elsewhere = Map.copyOf(readers);
		this.topics.forEach((id, topic) -> {
			long others = readers.getOrDefault(id, 0L);
			if (topic.others != others) {
				topic.others = others;
				topic.dirty.set(true);
			}
		});
	}

	@EventListener
	void deleted(ArticleDeleted event) {
		Topic topic = this.topics.remove(event.articleId());
		if (topic != null) {
			topic.subscribers.forEach(LatestValueSubscriber::complete);
		}
	}

	private Topic join(long articleId, LatestValueSubscriber<Stats> subscriber) {
		this.streams.incrementAndGet();
		return this.topics.compute(articleId, (id, existing) -> {
			Topic topic = (existing != null) ? existing : new Topic();
			if (existing == null) {
				topic.others = this.elsewhere.getOrDefault(articleId, 0L);
			}
			topic.subscribers.add(subscriber);
			topic.dirty.set(true);
			return topic;
		});
	}

	private void leave(long articleId, LatestValueSubscriber<Stats> subscriber) {
		this.streams.decrementAndGet();
		this.topics.computeIfPresent(articleId, (id, topic) -> {
			topic.subscribers.remove(subscriber);
			topic.dirty.set(true);
			return topic.subscribers.isEmpty() ? null : topic;
		});
	}

	private void publishChanges() {
		this.topics.values().forEach((topic) -> {
			if (topic.dirty.getAndSet(false)) {
				Stats stats = topic.current();
				if (stats != null) {
					topic.subscribers.forEach((subscriber) -> {
						if (subscriber.offer(stats)) {
							this.dropped.increment();
						}
					});
				}
			}
		});
	}

	@Override
	public void start() {
		this.ticking = Flux.interval(this.interval, this.interval)
			.onBackpressureDrop()
			.subscribe((tick) -> {
				try {
					publishChanges();
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
		Disposable running = this.ticking;
		if (running != null) {
			running.dispose();
		}
		this.ticking = null;
		this.topics.values().forEach((topic) -> topic.subscribers.forEach(LatestValueSubscriber::complete));
	}

	@Override
	public boolean isRunning() {
		return this.ticking != null;
	}

	/**
	 * One article's readers and latest stats.
	 */
	private static final class Topic {

		final Set<LatestValueSubscriber<Stats>> subscribers = ConcurrentHashMap.newKeySet();

		final AtomicBoolean dirty = new AtomicBoolean();

		private @Nullable Stats stats;

		private long commentSeq;

		// Readers of this article on the other instances, as they last told.
		volatile long others;

		long readers() {
			return this.subscribers.size() + this.others;
		}

		synchronized @Nullable Stats current() {
			return (this.stats != null) ? this.stats.withReadingNow(readers()) : null;
		}

		/**
		 * Takes a freshly read value unless the topic already knows newer counts (they only grow).
		 */
		synchronized Stats seed(Stats loaded) {
			Stats known = this.stats;
			this.stats = (known == null) ? loaded : loaded.withCounts(Math.max(known.views(), loaded.views()),
					Math.max(known.uniqueVisitors(), loaded.uniqueVisitors()));
			return this.stats.withReadingNow(readers());
		}

		synchronized void counts(long views, long uniqueVisitors, Stats.Trending trending) {
			Stats known = (this.stats != null) ? this.stats : Stats.NONE;
			this.stats = known.withCounts(Math.max(known.views(), views), Math.max(known.uniqueVisitors(), uniqueVisitors))
				.withTrending(trending);
			this.dirty.set(true);
		}

		synchronized void views(long views, long uniqueVisitors) {
			if (this.stats != null && (views > this.stats.views() || uniqueVisitors > this.stats.uniqueVisitors())) {
				this.stats = this.stats.withCounts(Math.max(this.stats.views(), views),
						Math.max(this.stats.uniqueVisitors(), uniqueVisitors));
				this.dirty.set(true);
			}
		}

		synchronized void comments(long seq, long comments) {
			// Two writers may announce their counts in either order; the later event holds the true count.
			if (this.stats != null && seq > this.commentSeq) {
				this.commentSeq = seq;
				this.stats = this.stats.withComments(comments);
				this.dirty.set(true);
			}
		}

		synchronized void reactions(Stats.Reactions reactions) {
			if (this.stats != null) {
				this.stats = this.stats.withReactions(reactions);
				this.dirty.set(true);
			}
		}

		synchronized void trending(Stats.Trending trending) {
			if (this.stats != null) {
				this.stats = this.stats.withTrending(trending);
				this.dirty.set(true);
			}
		}

	}

}
