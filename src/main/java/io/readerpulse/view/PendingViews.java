package io.readerpulse.view;

import java.util.HashMap;
import java.util.Map;

import io.readerpulse.audience.Referral;
import io.readerpulse.live.LiveChanges;

/**
 * Counted views not yet written: per article, how many, the fingerprints of their (new) visitors, and the
 * audience per minute (sources, referring hosts, engaged seconds from pings).
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
	 * @param liveMark the mark of the open streams told of it (see {@link LiveChanges#viewCounted}), or 0
	 * @return {@code false} if the visitor's fingerprint had to be dropped because too many are pending
	 */
	boolean add(long articleId, long visitor, long minute, Referral referral, long liveMark) {
		Stripe stripe = stripe();
		synchronized (stripe) {
			boolean keepVisitor = stripe.visitors < this.maxVisitorsPerStripe;
			if (keepVisitor) {
				stripe.visitors++;
			}
			ViewDelta delta = stripe.deltas.computeIfAbsent(articleId, (id) -> new ViewDelta());
			delta.add(visitor, keepVisitor);
			delta.told(liveMark);
			delta.referred(minute, referral);
			return keepVisitor;
		}
	}

	/**
	 * Adds engaged time (a counted ping).
	 */
	void engaged(long articleId, long minute, int seconds) {
		Stripe stripe = stripe();
		synchronized (stripe) {
			stripe.deltas.computeIfAbsent(articleId, (id) -> new ViewDelta()).engaged(minute, seconds);
		}
	}

	private Stripe stripe() {
		return this.stripes[(int) Thread.currentThread().getId() & this.mask];
	}

	/**
	 * Takes everything pending, leaving nothing behind.
	 * @return the pending views by article id, owned by the caller
	 */
	Map<Long, ViewDelta> drain() {
		Map<Long, ViewDelta> drained = new HashMap<>();
		for (Stripe stripe : this.stripes) {
			Map<Long, ViewDelta> taken;
			synchronized (stripe) {
				taken = stripe.deltas;
				stripe.deltas = new HashMap<>();
				stripe.visitors = 0;
			}
			taken.forEach((articleId, delta) -> drained.merge(articleId, delta, ViewDelta::addAll));
		}
		return drained;
	}

	private static final class Stripe {

		private Map<Long, ViewDelta> deltas = new HashMap<>();

		private int visitors;

	}

}
