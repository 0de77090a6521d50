package io.readerpulse.view;

import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What the flusher writes next. A batch whose write failed may have been committed all the same (the
 * answer lost on the way back), so it is kept aside and retried as it was, same id and same views, before
 * anything counted since: merged with newer views it would be another batch, and its receipt could no
 * longer tell whether it had been written.
 * <p>
 * Views counted meanwhile wait in {@link PendingViews}. A long outage therefore costs at most twice the
 * bound on pending fingerprints in memory: the batch kept aside (drained, so within the bound) and what the
 * stripes take in meanwhile. Used by one flush at a time.
 */
final class FlushBatches {

	private final Supplier<Map<Long, PendingViews.Delta>> pending;

	private volatile @Nullable FlushBatch failed;

	FlushBatches(Supplier<Map<Long, PendingViews.Delta>> pending) {
		this.pending = pending;
	}

	/**
	 * The batch whose write failed, to be retried before any other.
	 * @return the batch, or {@code null} if the last write succeeded
	 */
	@Nullable FlushBatch failed() {
		return this.failed;
	}

	/**
	 * Takes everything pending as a new batch, unless a batch that {@link #failed() failed} is waiting.
	 * @return the batch, or {@code null} if nothing is pending or a failed batch is waiting
	 */
	@Nullable FlushBatch drain() {
		if (this.failed != null) {
			return null;
		}
		Map<Long, PendingViews.Delta> deltas = this.pending.get();
		return deltas.isEmpty() ? null : FlushBatch.of(deltas);
	}

	void failed(FlushBatch batch) {
		this.failed = batch;
	}

	void written(FlushBatch batch) {
		if (this.failed == batch) {
			this.failed = null;
		}
	}

}
