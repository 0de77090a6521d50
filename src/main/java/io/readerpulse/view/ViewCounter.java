package io.readerpulse.view;

import java.time.Clock;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.readerpulse.audience.Referral;
import io.readerpulse.live.LiveChanges;

import org.springframework.stereotype.Component;

/**
 * Decides whether a beacon is a new view and, if so, counts it; and whether a ping is new engaged time.
 * <p>
 * A visitor's view of a story counts once per {@link ViewProperties#dedupeWindow() window} (see
 * {@link DedupeWindow} for its memory bound). Counted views go to memory and reach PostgreSQL with the next
 * flush, and to the story's open streams at once (they show them before the flush); the naive mode writes
 * each one at once, for comparison only.
 */
@Component
final class ViewCounter {

	private final ViewProperties properties;

	private final PendingViews pending;

	private final ViewWriter writer;

	private final LiveChanges live;

	private final DedupeWindow seen;

	private final VisitorCap cap;

	private final Counter capped;

	private final Counter counted;

	private final Counter deduplicated;

	private final Counter visitorsDropped;

	private final Engagement engagement;

	private final Clock clock;

	private final Counter pingsCounted;

	private final Counter pingsRepeated;

	ViewCounter(ViewProperties properties, ViewWriter writer, LiveChanges live, Engagement engagement, Clock clock,
			MeterRegistry meters) {
		this.properties = properties;
		this.engagement = engagement;
		this.clock = clock;
		this.pingsCounted = meters.counter("pulse.pings", "outcome", "counted");
		this.pingsRepeated = meters.counter("pulse.pings", "outcome", "repeated");
		meters.gauge("pulse.pings.visitors", engagement, Engagement::remembered);
		this.pending = new PendingViews(properties.maxPendingVisitors());
		this.writer = writer;
		this.live = live;
		this.seen = new DedupeWindow(properties.dedupeWindow(), properties.dedupeMaxEntries(), System::nanoTime);
		this.cap = new VisitorCap(properties.visitorsPerAddress(), properties.dedupeWindow(), properties.dedupeMaxEntries(),
				Ticker.systemTicker());
		this.capped = meters.counter("pulse.views", "outcome", "capped");
		this.counted = meters.counter("pulse.views", "outcome", "counted");
		this.deduplicated = meters.counter("pulse.views", "outcome", "deduplicated");
		this.visitorsDropped = meters.counter("pulse.views.visitors.dropped");
		meters.gauge("pulse.views.dedupe.entries", this.seen, DedupeWindow::size);
	}

	/**
	 * Counts the view unless the visitor was counted on this story within the window.
	 * @param articleId the story
	 * @param visitor the visitor's fingerprint
	 * @return completion; in batched mode at once, in naive mode after the database write
	 */
	Mono<Void> count(long articleId, long visitor, @Nullable String address, Referral referral) {
		if (!this.seen.firstInWindow(articleId, visitor)) {
			this.deduplicated.increment();
			return Mono.empty();
		}
		if (!this.cap.admits(articleId, address)) {
			this.capped.increment();
			return Mono.empty();
		}
		this.counted.increment();
		if (this.properties.mode() == ViewProperties.Mode.NAIVE) {
			return this.writer.write(FlushBatch.of(ViewDelta.single(articleId, visitor, minute(), referral)))
				.doOnNext((totals) -> totals.announce(this.live, LiveChanges.Announced.NONE))
				.then();
		}
		// Told before it is pending: a flush that takes the view then confirms it to streams that counted it.
		long liveMark = this.live.viewCounted(articleId);
		if (!this.pending.add(articleId, visitor, minute(), referral, liveMark)) {
			this.visitorsDropped.increment();
		}
		return Mono.empty();
	}

	/**
	 * Counts an engagement ping as engaged seconds, unless the visitor pinged the story in this slot
	 * already (see {@link Engagement}).
	 * @param articleId the story
	 * @param visitor the visitor's fingerprint
	 */
	void ping(long articleId, long visitor) {
		if (this.engagement.ping(articleId, visitor)) {
			this.pingsCounted.increment();
			this.pending.engaged(articleId, minute(), Engagement.SLOT_SECONDS);
		}
		else {
			this.pingsRepeated.increment();
		}
	}

	private long minute() {
		return Math.floorDiv(this.clock.millis(), 60_000L);
	}

	Map<Long, ViewDelta> drain() {
		return this.pending.drain();
	}

}
