package io.readerpulse.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

/**
 * Makes {@code readingNow} and {@code engagedNow} count the readers of every instance: each tells the
 * others its own readers and engaged readers per story every {@value #READERS_SECONDS} seconds, and one not
 * heard from for three rounds is gone.
 */
@Component
final class ReaderExchange extends WhileRunning implements LiveEngagement {

	static final int READERS_SECONDS = 2;

	private static final Duration INTERVAL = Duration.ofSeconds(READERS_SECONDS);

	private static final Duration SILENCE = INTERVAL.multipliedBy(3);

	// Stories per notice: each entry takes at most about 42 bytes, so a notice stays far below the
	// 8,000-byte limit of a notification.
	private static final int PER_NOTICE = 150;

	private final StatsTopics topics;

	private final ClusterOutbox outbox;

	private final LocalEngagement engagement;

	private final Map<String, KnownReaders> elsewhere = new ConcurrentHashMap<>();

	private volatile Map<Long, Long> engagedElsewhere = Map.of();

	ReaderExchange(StatsTopics topics, ClusterOutbox outbox, LocalEngagement engagement) {
		this.topics = topics;
		this.outbox = outbox;
		this.engagement = engagement;
	}

	@Override
	public long engagedNow(long articleId) {
		return this.engagement.engagedNow(articleId) + this.engagedElsewhere.getOrDefault(articleId, 0L);
	}

	/**
	 * Whether any other instance has a reader of the story (most stories have none open).
	 * @param articleId the story
	 * @return {@code true} if one does
	 */
	boolean readElsewhere(long articleId) {
		return this.elsewhere.values().stream().anyMatch((known) -> known.readers().containsKey(articleId));
	}

	/**
	 * Tells the other instances how many readers this one has per story: the whole set.
	 */
	void sendReaders() {
		List<ClusterNotice> notices = new ArrayList<>();
		Map<Long, Long> readers = new HashMap<>();
		Map<Long, Long> engaged = new HashMap<>();
		for (Map.Entry<Long, Long> entry : this.topics.localReaders().entrySet()) {
			if (readers.size() + engaged.size() == PER_NOTICE) {
				notices.add(new ClusterNotice.Readers(readers, engaged, !notices.isEmpty()));
				readers = new HashMap<>();
				engaged = new HashMap<>();
			}
			readers.put(entry.getKey(), entry.getValue());
		}
		for (Map.Entry<Long, Long> entry : this.engagement.engagedNow().entrySet()) {
			if (readers.size() + engaged.size() == PER_NOTICE) {
				notices.add(new ClusterNotice.Readers(readers, engaged, !notices.isEmpty()));
				readers = new HashMap<>();
				engaged = new HashMap<>();
			}
			engaged.put(entry.getKey(), entry.getValue());
		}
		notices.add(new ClusterNotice.Readers(readers, engaged, !notices.isEmpty()));
		// A lost round is repaired by the next one.
		this.outbox.sendNow(notices);
		forgetSilentInstances();
	}

	/**
	 * Records what another instance said about its readers.
	 * @param from the instance
	 * @param notice what it said
	 */
	void received(String from, ClusterNotice.Readers notice) {
		Map<Long, Long> readers = new HashMap<>(notice.readers());
		Map<Long, Long> engaged = new HashMap<>(notice.engaged());
		KnownReaders known = this.elsewhere.get(from);
		if (notice.continued() && known != null) {
			// A continuation of the same snapshot.
			readers.putAll(known.readers());
			engaged.putAll(known.engaged());
		}
		this.elsewhere.put(from, new KnownReaders(readers, engaged, System.nanoTime()));
		publish();
	}

	private void forgetSilentInstances() {
		long now = System.nanoTime();
		if (this.elsewhere.values().removeIf((known) -> now - known.at() > SILENCE.toNanos())) {
			publish();
		}
	}

	private void publish() {
		Map<Long, Long> total = new HashMap<>();
		this.elsewhere.values()
			.forEach((known) -> known.readers().forEach((id, readers) -> total.merge(id, readers, Long::sum)));
		this.topics.readersElsewhere(total);
		Map<Long, Long> engaged = new HashMap<>();
		this.elsewhere.values()
			.forEach((known) -> known.engaged().forEach((id, readers) -> engaged.merge(id, readers, Long::sum)));
		this.engagedElsewhere = engaged;
	}

	@Override
	public void start() {
		super.start();
		whileRunning(Flux.interval(INTERVAL)).onBackpressureDrop().subscribe((tick) -> sendReaders());
	}

	/**
	 * What one other instance last said about its readers, and when.
	 */
	private record KnownReaders(Map<Long, Long> readers, Map<Long, Long> engaged, long at) {
	}

}
