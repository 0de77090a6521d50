package io.readerpulse.view;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Counted views not yet written: per article, how many, and the fingerprints of their (new) visitors.
 * <p>
 * Counting takes the shared side of a read-write lock and one article's monitor, both held for a few
 * instructions and never across I/O; {@link #drain()} takes the exclusive side only to swap the map, so a
 * view is in exactly one flush and none is lost at the swap.
 */
final class PendingViews {

	private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();

	private final AtomicInteger pendingVisitors = new AtomicInteger();

	private final int maxPendingVisitors;

	private Map<Long, Delta> deltas = new ConcurrentHashMap<>();

	PendingViews(int maxPendingVisitors) {
		this.maxPendingVisitors = maxPendingVisitors;
	}

	/**
	 * Adds one counted view.
	 * @return {@code false} if the visitor's fingerprint had to be dropped because too many are pending
	 */
	boolean add(long articleId, long visitor) {
		boolean keepVisitor = this.pendingVisitors.incrementAndGet() <= this.maxPendingVisitors;
		if (!keepVisitor) {
			this.pendingVisitors.decrementAndGet();
		}
		this.swap.readLock().lock();
		try {
			this.deltas.computeIfAbsent(articleId, (id) -> new Delta()).add(visitor, keepVisitor);
		}
		finally {
			this.swap.readLock().unlock();
		}
		return keepVisitor;
	}

	/**
	 * Takes everything pending, leaving nothing behind.
	 * @return the pending views by article id
	 */
	Map<Long, Delta> drain() {
		Map<Long, Delta> drained;
		this.swap.writeLock().lock();
		try {
			drained = this.deltas;
			this.deltas = new ConcurrentHashMap<>();
		}
		finally {
			this.swap.writeLock().unlock();
		}
		int visitors = drained.values().stream().mapToInt(Delta::visitorCount).sum();
		this.pendingVisitors.addAndGet(-visitors);
		return drained;
	}

	/**
	 * Puts back what a failed flush drained, to be written with the next one.
	 */
	void restore(Map<Long, Delta> failed) {
		failed.forEach((articleId, delta) -> {
			this.pendingVisitors.addAndGet(delta.visitorCount());
			this.swap.readLock().lock();
			try {
				this.deltas.computeIfAbsent(articleId, (id) -> new Delta()).addAll(delta);
			}
			finally {
				this.swap.readLock().unlock();
			}
		});
	}

	boolean isEmpty() {
		this.swap.readLock().lock();
		try {
			return this.deltas.isEmpty();
		}
		finally {
			this.swap.readLock().unlock();
		}
	}

	/**
	 * One article's pending views.
	 */
	static final class Delta {

		private long views;

		private long[] visitors = new long[4];

		private int visitorCount;

		synchronized void add(long visitor, boolean keepVisitor) {
			this.views++;
			if (keepVisitor) {
				if (this.visitorCount == this.visitors.length) {
					this.visitors = Arrays.copyOf(this.visitors, this.visitorCount * 2);
				}
				this.visitors[this.visitorCount++] = visitor;
			}
		}

		synchronized void addAll(Delta other) {
			this.views += other.views();
			long[] theirs = other.visitors();
			if (this.visitorCount + theirs.length > this.visitors.length) {
				this.visitors = Arrays.copyOf(this.visitors, Math.max(this.visitors.length * 2,
						this.visitorCount + theirs.length));
			}
			System.arraycopy(theirs, 0, this.visitors, this.visitorCount, theirs.length);
			this.visitorCount += theirs.length;
		}

		synchronized long views() {
			return this.views;
		}

		synchronized long[] visitors() {
			return Arrays.copyOf(this.visitors, this.visitorCount);
		}

		synchronized int visitorCount() {
			return this.visitorCount;
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
