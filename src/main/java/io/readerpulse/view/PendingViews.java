package io.readerpulse.view;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Counted views not yet written: per article, how many, and the fingerprints of their (new) visitors.
 * <p>
 * Striped by thread: each event-loop thread counts into its own stripe (threads are spread over the
 * stripes by id), under a lock taken otherwise only by the flusher for the instant it swaps the stripe's
 * map. A viral story's views therefore cost the same as views spread over many stories: no shared counter,
 * no contended lock. Locks are held for a map update, never across I/O.
 */
final class PendingViews {

	private final Stripe[] stripes;

	private final int mask;

	private final int maxVisitorsPerStripe;

	PendingViews(int maxPendingVisitors) {
		int count = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1) << 1;
		this.stripes = new Stripe[count];
		for (int i = 0; i < count; i++) {
			this.stripes[i] = new Stripe();
		}
		this.mask = count - 1;
		this.maxVisitorsPerStripe = Math.max(1, maxPendingVisitors / count);
	}

	/**
	 * Adds one counted view.
	 * @return {@code false} if the visitor's fingerprint had to be dropped because too many are pending
	 */
	boolean add(long articleId, long visitor) {
		Stripe stripe = this.stripes[(int) Thread.currentThread().getId() & this.mask];
		synchronized (stripe) {
			boolean keepVisitor = stripe.visitors < this.maxVisitorsPerStripe;
			if (keepVisitor) {
				stripe.visitors++;
			}
			stripe.deltas.computeIfAbsent(articleId, (id) -> new Delta()).add(visitor, keepVisitor);
			return keepVisitor;
		}
	}

	/**
	 * Takes everything pending, leaving nothing behind.
	 * @return the pending views by article id, owned by the caller
	 */
	Map<Long, Delta> drain() {
		Map<Long, Delta> drained = new HashMap<>();
		for (Stripe stripe : this.stripes) {
			Map<Long, Delta> taken;
			synchronized (stripe) {
				taken = stripe.deltas;
				stripe.deltas = new HashMap<>();
				stripe.visitors = 0;
			}
			taken.forEach((articleId, delta) -> drained.merge(articleId, delta, Delta::addAll));
		}
		return drained;
	}

	private static final class Stripe {

		private Map<Long, Delta> deltas = new HashMap<>();

		private int visitors;

	}

	/**
	 * One article's pending views. Not thread-safe: guarded by its stripe until drained, then owned by the
	 * flusher.
	 */
	static final class Delta {

		private long views;

		private long[] visitors = new long[4];

		private int visitorCount;

		void add(long visitor, boolean keepVisitor) {
			this.views++;
			if (keepVisitor) {
				if (this.visitorCount == this.visitors.length) {
					this.visitors = Arrays.copyOf(this.visitors, this.visitorCount * 2);
				}
				this.visitors[this.visitorCount++] = visitor;
			}
		}

		Delta addAll(Delta other) {
			this.views += other.views;
			if (this.visitorCount + other.visitorCount > this.visitors.length) {
				this.visitors = Arrays.copyOf(this.visitors,
						Math.max(this.visitors.length * 2, this.visitorCount + other.visitorCount));
			}
			System.arraycopy(other.visitors, 0, this.visitors, this.visitorCount, other.visitorCount);
			this.visitorCount += other.visitorCount;
			return this;
		}

		long views() {
			return this.views;
		}

		long[] visitors() {
			return Arrays.copyOf(this.visitors, this.visitorCount);
		}

		static Map<Long, Delta> single(long articleId, long visitor) {
			Delta delta = new Delta();
			delta.add(visitor, true);
			Map<Long, Delta> map = new HashMap<>();
			map.put(articleId, delta);
			return map;
		}

	}

}
