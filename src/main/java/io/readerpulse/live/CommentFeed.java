package io.readerpulse.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import io.readerpulse.article.ArticleDeleted;
import io.readerpulse.comment.CommentStore;
import io.readerpulse.comment.CommentStore.CommentEvent;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Comment events for open article streams, in order, without gaps or duplicates, resumable.
 * <p>
 * The events live in PostgreSQL ({@code comment_event}), numbered per story. A change only marks its story;
 * one fetch per story (not per reader) reads the new events and hands them to every reader of that story.
 * A reader that resumes with {@code Last-Event-ID} joins first, learning the last number the feed has
 * delivered, then replays from the database up to exactly that number: whatever commits meanwhile comes
 * live, after the replay, and nothing is sent twice. Each reader may fall {@value #BUFFER} events behind;
 * beyond that its stream ends and it resumes with its last event id.
 */
@Component
public final class CommentFeed implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(CommentFeed.class);

	static final int BUFFER = 256;

	// A reader further behind than this reloads the comment list instead of replaying.
	private static final long MAX_REPLAY = 10_000;

	private final CommentStore store;

	private final Map<Long, Feed> feeds = new ConcurrentHashMap<>();

	private final Set<Long> changed = ConcurrentHashMap.newKeySet();

	// A new one for every start: a context may be stopped and started again (Lifecycle allows it).
	private volatile Sinks.Many<Boolean> wake = newWake();

	private final DistributionSummary replays;

	private volatile @Nullable Disposable fetching;

	CommentFeed(CommentStore store, MeterRegistry meters) {
		this.store = store;
		this.replays = DistributionSummary.builder("pulse.comments.replay").description("Events replayed on resume")
			.register(meters);
	}

	/**
	 * Tells the open streams of a story that it has new comment events (after their commit).
	 * @param articleId the story
	 */
	public void changed(long articleId) {
		if (this.feeds.containsKey(articleId)) {
			this.changed.add(articleId);
			// A failed emission means a wake-up is already pending or being delivered: either way the
			// fetch loop will see this story.
			this.wake.tryEmitNext(Boolean.TRUE);
		}
	}

	/**
	 * Has every open story re-read its comment events (after changes may have gone unannounced).
	 */
	void changedAll() {
		this.changed.addAll(this.feeds.keySet());
		this.wake.tryEmitNext(Boolean.TRUE);
	}

	/**
	 * The story's comment events: those after {@code lastEventId} first (or {@code reset} if that id is
	 * unknown), then live ones.
	 * @param articleId the story
	 * @param lastEventId the last event the reader has, or {@code null} for live events only
	 * @return the events; {@code reset} events have sequence number 0
	 */
	Flux<CommentEvent> stream(long articleId, @Nullable String lastEventId) {
		return this.store.lastEvent(articleId).defaultIfEmpty(0L).flatMapMany((stored) -> {
			Sinks.Many<CommentEvent> reader = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(BUFFER));
			// Lock order: the map's own locks are never held while a feed's monitor is taken (a feed may end
			// readers, and so run their clean-up, while it holds its monitor).
			Feed feed;
			long upTo;
			do {
				feed = this.feeds.computeIfAbsent(articleId, (id) -> new Feed(stored));
				upTo = feed.join(reader);
				if (upTo < 0) {
					this.feeds.remove(articleId, feed);
				}
			}
			while (upTo < 0);
			Feed joined = feed;
			// Whatever committed between reading the number and joining is fetched for everybody.
			changed(articleId);
			return Flux.concat(replay(articleId, lastEventId, upTo), reader.asFlux()).doFinally((signal) -> {
				if (joined.leave(reader)) {
					this.feeds.remove(articleId, joined);
				}
			});
		});
	}

	private Flux<CommentEvent> replay(long articleId, @Nullable String lastEventId, long upTo) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return Flux.empty();
		}
		long after;
		try {
			after = Long.parseLong(lastEventId.trim());
		}
		catch (NumberFormatException ex) {
			after = -1;
		}
		if (after < 0 || after > upTo || upTo - after > MAX_REPLAY) {
			return Flux.just(new CommentEvent(0, "reset", "{}"));
		}
		this.replays.record(upTo - after);
		return this.store.events(articleId, after, upTo);
	}

	@EventListener
	void deleted(ArticleDeleted event) {
		Feed feed = this.feeds.remove(event.articleId());
		if (feed != null) {
			feed.close();
		}
	}

	private Mono<Void> fetch(long articleId) {
		Feed feed = this.feeds.get(articleId);
		if (feed == null) {
			return Mono.empty();
		}
		return this.store.events(articleId, feed.delivered(), Long.MAX_VALUE).collectList().doOnNext(feed::deliver).then();
	}

	private static Sinks.Many<Boolean> newWake() {
		return Sinks.many().unicast().onBackpressureBuffer(Queues.<Boolean>one().get());
	}

	@Override
	public void start() {
		this.wake = newWake();
		this.fetching = this.wake.asFlux()
			.concatMap((wakeUp) -> {
				List<Long> stories = new ArrayList<>(this.changed);
				this.changed.removeAll(stories);
				return Flux.fromIterable(stories).concatMap((id) -> fetch(id).onErrorResume((ex) -> {
					logger.warn("Fetching comment events failed; they follow with the next change: {}", ex.getMessage());
					this.changed.add(id);
					return Mono.empty();
				}));
			}, 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.fetching;
		if (running != null) {
			running.dispose();
		}
		this.fetching = null;
		this.feeds.values().forEach(Feed::close);
	}

	@Override
	public boolean isRunning() {
		return this.fetching != null;
	}

	/**
	 * One story's readers and the last event handed to them.
	 */
	private static final class Feed {

		private final Set<Sinks.Many<CommentEvent>> readers = ConcurrentHashMap.newKeySet();

		private long delivered;

		private boolean closed;

		Feed(long delivered) {
			this.delivered = delivered;
		}

		/**
		 * @return the last sequence number delivered, or -1 if the feed has closed (join a new one)
		 */
		synchronized long join(Sinks.Many<CommentEvent> reader) {
			if (this.closed) {
				return -1;
			}
			this.readers.add(reader);
			return this.delivered;
		}

		/**
		 * @return whether the feed closed because its last reader left
		 */
		synchronized boolean leave(Sinks.Many<CommentEvent> reader) {
			this.readers.remove(reader);
			if (this.readers.isEmpty()) {
				this.closed = true;
			}
			return this.closed;
		}

		synchronized long delivered() {
			return this.delivered;
		}

		synchronized void deliver(List<CommentEvent> events) {
			for (CommentEvent event : events) {
				if (event.seq() <= this.delivered) {
					continue;
				}
				this.delivered = event.seq();
				for (Sinks.Many<CommentEvent> reader : List.copyOf(this.readers)) {
					if (reader.tryEmitNext(event).isFailure()) {
						// Too far behind: end the stream; the reader resumes from its last event id.
						this.readers.remove(reader);
						reader.tryEmitError(new IllegalStateException("reader too slow for comment events"));
					}
				}
			}
		}

		synchronized void close() {
			this.closed = true;
			List<Sinks.Many<CommentEvent>> ending = new ArrayList<>(this.readers);
			this.readers.clear();
			ending.forEach(Sinks.Many::tryEmitComplete);
		}

	}

}
