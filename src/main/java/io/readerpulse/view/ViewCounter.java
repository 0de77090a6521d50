package io.readerpulse.view;

import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import io.readerpulse.live.StatsHub;

import org.springframework.stereotype.Component;

/**
 * Decides whether a beacon is a new view and, if so, counts it.
 * <p>
 * A visitor's view of a story counts once per {@link ViewProperties#dedupeWindow() window}: the (story,
 * visitor) pairs seen are remembered in a cache that expires them after the window and holds at most
 * {@link ViewProperties#dedupeMaxEntries()} of them (about 100 bytes each). Counted views go to memory
 * and reach PostgreSQL with the next flush; the naive mode writes each one at once, for comparison only.
 */
@Component
public final class ViewCounter {

	private final ViewProperties properties;

	private final PendingViews pending;

	private final ViewWriter writer;

	private final StatsHub hub;

	private final Cache<Long, Boolean> seen;

	private final Counter counted;

	private final Counter deduplicated;

	private final Counter visitorsDropped;

	ViewCounter(ViewProperties properties, ViewWriter writer, StatsHub hub, MeterRegistry meters) {
		this.properties = properties;
		this.pending = new PendingViews(properties.maxPendingVisitors());
		this.writer = writer;
		this.hub = hub;
		this.seen = Caffeine.newBuilder()
			.expireAfterWrite(properties.dedupeWindow())
			.maximumSize(properties.dedupeMaxEntries())
			.build();
		this.counted = meters.counter("pulse.views", "outcome", "counted");
		this.deduplicated = meters.counter("pulse.views", "outcome", "deduplicated");
		this.visitorsDropped = meters.counter("pulse.views.visitors.dropped");
		meters.gaugeMapSize("pulse.views.dedupe.entries", java.util.List.of(), this.seen.asMap());
	}

	/**
	 * Counts the view unless the visitor was counted on this story within the window.
	 * @param articleId the story
	 * @param visitor the visitor's fingerprint
	 * @return completion; in batched mode at once, in naive mode after the database write
	 */
	Mono<Void> count(long articleId, long visitor) {
		if (this.seen.asMap().putIfAbsent(pairKey(articleId, visitor), Boolean.TRUE) != null) {
			this.deduplicated.increment();
			return Mono.empty();
		}
		this.counted.increment();
		if (this.properties.mode() == ViewProperties.Mode.NAIVE) {
			return this.writer.write(PendingViews.Delta.single(articleId, visitor))
				.doOnNext((totals) -> this.hub.countsChanged(totals.articleId(), totals.views(), totals.uniqueVisitors()))
				.then();
		}
		if (!this.pending.add(articleId, visitor)) {
			this.visitorsDropped.increment();
		}
		return Mono.empty();
	}

	Map<Long, PendingViews.Delta> drain() {
		return this.pending.drain();
	}

	void restore(Map<Long, PendingViews.Delta> failed) {
		this.pending.restore(failed);
	}

	private static long pairKey(long articleId, long visitor) {
		// Mixes the article into the visitor's fingerprint; collisions are as unlikely as the fingerprint's own.
		return visitor ^ (articleId * 0x9E3779B97F4A7C15L);
	}

}
