package io.readerpulse.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Comment events for open story streams, in order, without gaps or duplicates, resumable.
 * <p>
 * The events live in the {@link CommentEventLog}, numbered per story. A change only marks its story; one fetch per
 * story (not per reader) reads the new events and hands them to every reader of that story. A reader that resumes
 * with {@code Last-Event-ID} joins first, learning the last number the feed has delivered, then replays from the
 * log up to exactly that number: whatever commits meanwhile comes live, after the replay, and nothing is sent
 * twice. A new reader resumes so from the last event before its first stats were read ({@link #lastEvent}): its
 * events continue from what those count. Each event is encoded once for all readers; a reader that falls too far
 * behind ends (see {@link EventStream}) and resumes.
 */
@Component
final class CommentFeed extends WhileRunning {

	private static final Logger logger = LoggerFactory.getLogger(CommentFeed.class);

	private final CommentEventLog log;

	private final Map<Long, StoryFeed> feeds = new ConcurrentHashMap<>();

	private final Set<Long> changed = ConcurrentHashMap.newKeySet();

	// Wake-ups asked for since the running round began: the round that ends sees a non-zero remainder and
	// runs again, so a story marked while a round is in flight is always fetched.
	private final AtomicInteger wakeUps = new AtomicInteger();

	private final Replays replays;

	private final StatsTopics topics;

	CommentFeed(CommentEventLog log, StatsTopics topics, MeterRegistry meters) {
		this.log = log;
		this.topics = topics;
		this.replays = new Replays(log, meters);
	}

	/**
	 * Tells the open streams of a story that it has new comment events (after their commit).
	 * @param articleId the story
	 */
	void changed(long articleId) {
		if (this.feeds.containsKey(articleId)) {
			this.changed.add(articleId);
			wake();
		}
	}

	/**
	 * Hands a story's open streams an event just committed, if it is the next they are due; else has the
	 * story's new events fetched.
	 * @param articleId the story
	 * @param event the event as stored
	 */
	void committed(long articleId, CommentEvent event) {
		StoryFeed feed = this.feeds.get(articleId);
		if (feed != null && !feed.deliverNext(event, () -> this.topics.along(articleId))) {
			changed(articleId);
		}
	}

	/**
	 * Has every open story re-read its comment events (after changes may have gone unannounced).
	 */
	void changedAll() {
		this.changed.addAll(this.feeds.keySet());
		wake();
	}

	// The last event handed to the story's readers here (or stored, if none): where a new reader starts.
	Mono<Long> lastEvent(long articleId) {
		StoryFeed feed = this.feeds.get(articleId);
		return (feed != null) ? Mono.just(feed.delivered()) : this.replays.lastStored(articleId);
	}

	/**
	 * Sends a reader the story's comment events: those after {@code lastEventId} first (or {@code reset} if
	 * that id is unknown), then live ones, until it leaves.
	 * @param articleId the story
	 * @param lastEventId the last event the reader has, or {@code null}
	 * @param from for a reader without one, the {@link #lastEvent} before its stats were read; -1 for live only
	 * @param reader the reader's stream
	 * @return completion of the replay
	 */
	Mono<Void> follow(long articleId, @Nullable String lastEventId, long from, EventStream reader) {
		return join(articleId, reader)
			.flatMapMany((upTo) -> this.replays.events(articleId, lastEventId, from, upTo))
			.takeWhile((event) -> !reader.ended())
			// One event at a time, each after the connection has room for it: a replay is as fast as its reader.
			.concatMap((event) -> Replays.send(reader, event), 0)
			.then(Mono.fromRunnable(() -> reader.loop().execute(reader::live)));
	}

	/** Removes a reader of the story. */
	void leave(long articleId, EventStream reader) {
		StoryFeed joined = reader.feed;
		if (joined != null && joined.leave(reader)) {
			this.feeds.remove(articleId, joined);
		}
	}

	/**
	 * Joins the story's feed.
	 * @return the last event number the feed has delivered: the reader's replay goes up to it, and later
	 * events come live
	 */
	private Mono<Long> join(long articleId, EventStream reader) {
		StoryFeed existing = this.feeds.get(articleId);
		if (existing != null) {
			long upTo = existing.join(reader);
			if (upTo >= 0) {
				// The feed has delivered everything up to its number, and hears of every later change.
				return Mono.just(joined(articleId, existing, reader, upTo));
			}
		}
		return this.replays.lastStored(articleId).map((stored) -> {
			// Lock order: the map's own locks are never held while a feed's monitor is taken (a feed may end
			// readers, and so run their clean-up, while it holds its monitor).
			StoryFeed feed;
			long upTo;
			do {
				feed = this.feeds.computeIfAbsent(articleId, (id) -> new StoryFeed(stored));
				upTo = feed.join(reader);
				if (upTo < 0) {
					this.feeds.remove(articleId, feed);
				}
			}
			while (upTo < 0);
			// Whatever committed between reading the number and joining is fetched for everybody.
			changed(articleId);
			return joined(articleId, feed, reader, upTo);
		});
	}

	private long joined(long articleId, StoryFeed feed, EventStream reader, long upTo) {
		reader.feed = feed;
		if (reader.ended()) {
			// It left while joining: its clean-up may have run before it had a feed to leave.
			leave(articleId, reader);
		}
		return upTo;
	}

	/**
	 * Ends the comment streams of a story that is gone.
	 * @param articleId the story
	 */
	void removed(long articleId) {
		StoryFeed feed = this.feeds.remove(articleId);
		if (feed != null) {
			feed.close();
		}
	}

	private void wake() {
		if (isRunning() && this.wakeUps.getAndIncrement() == 0) {
			// Rounds repeat until one ends with no wake-up asked for while it ran.
			whileRunning(Mono.defer(this::fetchRound).repeat().takeUntil((remaining) -> remaining == 0)).subscribe();
		}
	}

	/**
	 * Fetches every story marked so far.
	 * @return the wake-ups asked for while the round ran
	 */
	private Mono<Integer> fetchRound() {
		int asked = this.wakeUps.get();
		List<Long> stories = new ArrayList<>(this.changed);
		this.changed.removeAll(stories);
		return Flux.fromIterable(stories)
			.concatMap(this::fetch)
			.then(Mono.fromSupplier(() -> this.wakeUps.addAndGet(-asked)));
	}

	private Mono<Void> fetch(long articleId) {
		StoryFeed feed = this.feeds.get(articleId);
		if (feed == null) {
			return Mono.empty();
		}
		return this.log.events(articleId, feed.delivered(), Long.MAX_VALUE)
			.collectList()
			.doOnNext((events) -> feed.deliver(events, () -> this.topics.along(articleId)))
			.then()
			.onErrorResume((ex) -> {
				logger.warn("Fetching comment events failed; they follow with the next change: {}", ex.getMessage());
				this.changed.add(articleId);
				return Mono.empty();
			});
	}

	@Override
	public void start() {
		this.wakeUps.set(0);
		super.start();
	}

	@Override
	public void stop() {
		super.stop();
		this.feeds.values().forEach(StoryFeed::close);
	}

}
