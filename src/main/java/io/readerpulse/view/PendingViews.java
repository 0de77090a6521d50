package io.readerpulse.view;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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
			Delta delta = stripe.deltas.computeIfAbsent(articleId, (id) -> new Delta());
			delta.add(visitor, keepVisitor);
			delta.live.add(liveMark);
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
			stripe.deltas.computeIfAbsent(articleId, (id) -> new Delta()).engaged(minute, seconds);
		}
	}

	private Stripe stripe() {
		return this.stripes[(int) Thread.currentThread().getId() & this.mask];
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
	 * One article's pending views and engaged time. Not thread-safe: guarded by its stripe until drained,
	 * then owned by the flusher.
	 */
	static final class Delta {

		// Referring hosts kept per story per flush; a flood of made-up referrers cannot grow memory further.
		static final int MAX_HOSTS = 100;

		private long views;

		private long[] visitors = new long[4];

		private int visitorCount;

		// The audience per UTC minute (a batch spans one or two minutes, more only after an outage).
		private final Map<Long, MinuteCounts> minutes = new HashMap<>(4);

		private @Nullable MinuteCounts lastMinute;

		private @Nullable Map<HostHour, Long> hosts;

		private final LiveViews live = new LiveViews();

		void add(long visitor, boolean keepVisitor) {
			this.views++;
			if (keepVisitor) {
				if (this.visitorCount == this.visitors.length) {
					this.visitors = Arrays.copyOf(this.visitors, this.visitorCount * 2);
				}
				this.visitors[this.visitorCount++] = visitor;
			}
		}

		void referred(long minute, Referral referral) {
			MinuteCounts bucket = minute(minute);
			bucket.views++;
			bucket.sources[referral.source().ordinal()]++;
			if (referral.host() != null) {
				if (this.hosts == null) {
					this.hosts = new HashMap<>();
				}
				HostHour key = new HostHour(Math.floorDiv(minute, 60), referral.host());
				if (this.hosts.size() < MAX_HOSTS || this.hosts.containsKey(key)) {
					this.hosts.merge(key, 1L, Long::sum);
				}
			}
		}

		void engaged(long minute, int seconds) {
			minute(minute).engagedSeconds += seconds;
		}

		private MinuteCounts minute(long minute) {
			MinuteCounts last = this.lastMinute;
			if (last != null && last.minute == minute) {
				return last;
			}
			MinuteCounts bucket = this.minutes.computeIfAbsent(minute, MinuteCounts::new);
			this.lastMinute = bucket;
			return bucket;
		}

		Delta addAll(Delta other) {
			other.minutes.forEach((minute, bucket) -> minute(minute).addAll(bucket));
			if (other.hosts != null) {
				other.hosts.forEach((key, views) -> {
					if (this.hosts == null) {
						this.hosts = new HashMap<>();
					}
					if (this.hosts.size() < MAX_HOSTS || this.hosts.containsKey(key)) {
						this.hosts.merge(key, views, Long::sum);
					}
				});
			}
			this.views += other.views;
			this.live.addAll(other.live);
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

		LiveChanges.Announced announced() {
			return this.live.announced();
		}

		long[] visitors() {
			return Arrays.copyOf(this.visitors, this.visitorCount);
		}

		int visitorCount() {
			return this.visitorCount;
		}

		/**
		 * Keeps the first {@code keep} fingerprints, and everything else, here.
		 * @return a delta of the other fingerprints alone (no views)
		 */
		Delta splitVisitors(int keep) {
			Delta rest = new Delta();
			rest.visitors = Arrays.copyOfRange(this.visitors, keep, Math.max(keep + 4, this.visitorCount));
			rest.visitorCount = this.visitorCount - keep;
			this.visitorCount = keep;
			return rest;
		}

		void dropVisitorsBeyond(int keep) {
			this.visitorCount = Math.min(this.visitorCount, keep);
		}

		Collection<MinuteCounts> minutes() {
			return this.minutes.values();
		}

		Map<HostHour, Long> hosts() {
			return (this.hosts != null) ? this.hosts : Map.of();
		}

		static Map<Long, Delta> single(long articleId, long visitor, long minute, Referral referral) {
			Delta delta = new Delta();
			delta.add(visitor, true);
			delta.referred(minute, referral);
			Map<Long, Delta> map = new HashMap<>();
			map.put(articleId, delta);
			return map;
		}

	}

}
