package io.readerpulse.view;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What the flusher writes next. A batch whose write failed may have been committed all the same (the
 * answer lost on the way back), so it is kept aside and retried as it was, same id and same views, before
 * anything counted since: merged with newer views it would be another batch, and its receipt could no
 * longer tell whether it had been written.
 * <p>
 * A batch carries every view counted but at most so many new-visitor fingerprints: each is a row to insert,
 * and a viral story's new readers can bring more in a second than PostgreSQL inserts in one. A batch of all
 * of them would take longer with every flush until it ran into the statement timeout and was rolled back,
 * retried and rolled back again, committing nothing while the work was thrown away. The rest wait here for
 * the next batches, which the flusher writes at once, one after the other (see {@link #behind()}).
 * <p>
 * Views counted meanwhile wait in {@link PendingViews}. A long outage or a backlog therefore costs at most
 * twice the bound on pending fingerprints in memory, plus one batch: what the stripes take in, the rest
 * kept here (beyond the bound the newest fingerprints are dropped, and unique visitors are undercounted, as in
 * the stripes) and the batch kept aside. Used by one flush at a time.
 */
final class FlushBatches {

	private final Supplier<Map<Long, ViewDelta>> pending;

	private final int maxVisitors;

	private final int maxRest;

	private final LongConsumer dropped;

	private volatile @Nullable FlushBatch failed;

	// Fingerprints that did not fit into the last batch, by article id.
	private @Nullable Map<Long, ViewDelta> rest;

	/**
	 * @param pending takes the views counted since
	 * @param maxVisitors the most fingerprints in one batch
	 * @param maxRest the most fingerprints kept for later batches
	 * @param dropped told how many fingerprints were dropped beyond {@code maxRest}
	 */
	FlushBatches(Supplier<Map<Long, ViewDelta>> pending, int maxVisitors, int maxRest, LongConsumer dropped) {
		this.pending = pending;
		this.maxVisitors = Math.max(1, maxVisitors);
		this.maxRest = Math.max(0, maxRest);
		this.dropped = dropped;
	}

	/**
	 * The batch whose write failed, to be retried before any other.
	 * @return the batch, or {@code null} if the last write succeeded
	 */
	@Nullable FlushBatch failed() {
		return this.failed;
	}

	/**
	 * @return whether fingerprints are waiting that the last batch had no room for, and nothing failed
	 */
	boolean behind() {
		return this.rest != null && this.failed == null;
	}

	/**
	 * Takes everything pending, with what earlier batches had no room for, as a new batch, unless a batch
	 * that {@link #failed() failed} is waiting.
	 * @return the batch, or {@code null} if nothing is pending or a failed batch is waiting
	 */
	@Nullable FlushBatch drain() {
		if (this.failed != null) {
			return null;
		}
		Map<Long, ViewDelta> deltas = this.pending.get();
		Map<Long, ViewDelta> earlier = this.rest;
		this.rest = null;
		if (earlier != null) {
			// The older fingerprints first, so that they are the next written.
			deltas.forEach((articleId, delta) -> earlier.merge(articleId, delta, ViewDelta::addAll));
			deltas = earlier;
		}
		if (deltas.isEmpty()) {
			return null;
		}
		keepRest(deltas);
		return FlushBatch.of(deltas);
	}

	void failed(FlushBatch batch) {
		this.failed = batch;
	}

	void written(FlushBatch batch) {
		if (this.failed == batch) {
			this.failed = null;
		}
	}

	/**
	 * Moves the fingerprints beyond the batch's share from the batch's deltas to the rest, dropping those
	 * beyond the rest's bound.
	 */
	private void keepRest(Map<Long, ViewDelta> deltas) {
		int room = this.maxVisitors;
		int restRoom = this.maxRest;
		long lost = 0;
		Map<Long, ViewDelta> kept = new TreeMap<>();
		// In article order, the same from one batch to the next: a backlog over several stories drains one
		// story after the other, each oldest first, instead of a little of every story in each batch.
		for (Map.Entry<Long, ViewDelta> entry : new TreeMap<>(deltas).entrySet()) {
			ViewDelta delta = entry.getValue();
			int count = delta.visitorCount();
			int take = Math.min(count, room);
			room -= take;
			if (take < count) {
				ViewDelta left = delta.splitVisitors(take, restRoom);
				lost += count - take - left.visitorCount();
				restRoom -= left.visitorCount();
				if (left.visitorCount() > 0) {
					kept.put(entry.getKey(), left);
				}
			}
		}
		if (!kept.isEmpty()) {
			this.rest = kept;
		}
		if (lost > 0) {
			this.dropped.accept(lost);
		}
	}

}
