package io.readerpulse.view;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import io.readerpulse.live.LiveChanges;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes buffered views to PostgreSQL every flush interval, one statement per flush, and publishes the
 * new totals to the live streams. A failed flush keeps its batch for the next one, which retries it as it
 * was before writing newer views (see {@link FlushBatches}); a retry of a batch PostgreSQL had committed
 * writes nothing. Between flushes it deletes old receipts.
 * <p>
 * On shutdown it stops after the web server has finished its in-flight requests (a lower lifecycle phase)
 * and flushes whatever was accepted, before the connection pool closes. A crash loses at most the views of
 * one flush interval.
 */
@Component
final class ViewFlusher implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ViewFlusher.class);

	// The web server stops in phases just below Integer.MAX_VALUE; the connection pool is closed afterwards.
	private static final int PHASE = 0;

	private final FlushBatches batches;

	private final ViewWriter writer;

	private final FlushReceipts receipts;

	private final LiveChanges live;

	private final Duration interval;

	private final Duration timeout;

	private final Timer flushTime;

	private final DistributionSummary batchSize;

	// A new one for every start: a context may be stopped and started again (Lifecycle allows it).
	private volatile Sinks.Empty<Void> stopping = Sinks.empty();

	private volatile @Nullable Mono<Void> running;

	ViewFlusher(ViewCounter counter, ViewWriter writer, FlushReceipts receipts, LiveChanges live,
			ViewProperties properties, MeterRegistry meters) {
		Counter dropped = meters.counter("pulse.views.visitors.dropped");
		this.batches = new FlushBatches(counter::drain, properties.maxVisitorsPerFlush(),
				properties.maxPendingVisitors(), dropped::increment);
		this.writer = writer;
		this.receipts = receipts;
		this.live = live;
		this.interval = properties.flushInterval();
		this.timeout = properties.flushTimeout();
		this.flushTime = Timer.builder("pulse.views.flush").description("Time to write one batch of views").register(meters);
		this.batchSize = DistributionSummary.builder("pulse.views.flush.batch")
			.description("Articles written per flush")
			.register(meters);
	}

	@Override
	public void start() {
		// concatMap: a slow flush delays the next one instead of overlapping with it. On stop the ticks end,
		// the flush in progress completes (it is never cancelled half-way), and one last flush follows.
		this.stopping = Sinks.empty();
		Mono<Void> flushing = Flux.interval(this.interval, this.interval)
			.takeUntilOther(this.stopping.asMono())
			.onBackpressureDrop()
			.concatMap((tick) -> flush().onErrorResume((ex) -> Mono.empty())
				.then(Mono.defer(this.receipts::pruneIfDue)), 1)
			.then(Mono.defer(this::flush))
			.doOnError((ex) -> logger.error(
					"Views accepted before shutdown could not be written; up to one flush interval is lost", ex))
			.onErrorComplete()
			.cache();
		flushing.subscribe();
		this.running = flushing;
	}

	@Override
	public void stop(Runnable callback) {
		Mono<Void> flushing = this.running;
		this.running = null;
		if (flushing == null) {
			callback.run();
			return;
		}
		this.stopping.tryEmitEmpty();
		flushing.doFinally((signal) -> callback.run()).subscribe();
	}

	@Override
	public void stop() {
		this.stopping.tryEmitEmpty();
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Writes everything pending now: first the batch that failed last time, if any, then the views counted
	 * since, unless that retry fails again; and while more new visitors wait than one batch takes, batch
	 * after batch until none are left.
	 * @return completion of the writes
	 */
	Mono<Void> flush() {
		return Mono.defer(() -> write(this.batches.failed()))
			.then(Mono.defer(() -> write(this.batches.drain())).repeat(this.batches::behind).then());
	}

	/**
	 * The batch kept for the next flush because its write failed.
	 * @return the batch, or {@code null} if the last write succeeded
	 */
	@Nullable FlushBatch failed() {
		return this.batches.failed();
	}

	private Mono<Void> write(@Nullable FlushBatch batch) {
		if (batch == null) {
			return Mono.empty();
		}
		long started = System.nanoTime();
		// Totals are published only once the statement has succeeded as a whole, and not at all by a retry
		// that finds its batch written already: the next flush of the story publishes them.
		return this.writer.write(batch)
			.collectList()
			// A write that gets no answer (a network that drops packets) must not hold up every later flush.
			.timeout(this.timeout)
			.doOnNext((written) -> announce(batch, written))
			.then()
			.doOnSuccess((done) -> {
				this.batches.written(batch);
				this.flushTime.record(Duration.ofNanos(System.nanoTime() - started));
				this.batchSize.record(batch.deltas().size());
			})
			.doOnError((ex) -> {
				logger.warn("Writing views failed; they are kept for the next flush: {}", ex.getMessage());
				this.batches.failed(batch);
			});
	}

	/**
	 * Publishes the totals, and tells the open streams which of the views they showed ahead of the write
	 * the totals now include; also where a retry read back no totals, or they would be shown twice for good.
	 */
	private void announce(FlushBatch batch, List<ViewWriter.Totals> written) {
		Map<Long, ViewDelta> unannounced = new HashMap<>(batch.deltas());
		for (ViewWriter.Totals totals : written) {
			ViewDelta delta = unannounced.remove(totals.articleId());
			totals.announce(this.live, (delta != null) ? delta.announced() : LiveChanges.Announced.NONE);
		}
		unannounced.forEach((articleId, delta) -> {
			LiveChanges.Announced announced = delta.announced();
			if (announced.views() > 0) {
				this.live.viewsWritten(articleId, announced);
			}
		});
	}

}
