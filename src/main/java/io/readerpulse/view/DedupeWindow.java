package io.readerpulse.view;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.carrotsearch.hppc.LongIntHashMap;

/**
 * Remembers which visitor viewed which story, for a window: a (story, visitor) pair is new once per window,
 * counted from the view that counted.
 * <p>
 * A viral story brings tens of thousands of new visitors a second, and every one is remembered for the
 * window, so the pairs are kept as plain numbers: a pair is a {@code long} key and the second it was counted,
 * in primitive hash maps (about 20 bytes a pair, nothing for the garbage collector to trace or copy; a map
 * entry of objects per pair cost five times the memory and long young-generation pauses under load).
 * <p>
 * Each stripe keeps its pairs in {@value #GENERATIONS} generations: new pairs go into the current one, which
 * is replaced by a fresh one when it has run for a third of the window or holds its share of
 * {@code maxEntries}; the generation so replaced, the oldest, is dropped whole. A generation is only dropped
 * early when the bound is reached (its pairs may then be counted again; the {@code pulse.views.dedupe.entries}
 * gauge shows how close to it the service runs); otherwise all its pairs had expired. Memory is therefore
 * bounded by {@code maxEntries} and a third.
 */
final class DedupeWindow {

	static final int GENERATIONS = 4;

	// Pairs per stripe when there are several: enough that a stripe's share of the bound is not noise.
	private static final long MIN_STRIPE_ENTRIES = 4096;

	private final Stripe[] stripes;

	private final int mask;

	private final long windowSeconds;

	private final LongSupplier nanos;

	private final long origin;

	/**
	 * @param window how long a pair counts once
	 * @param maxEntries the most pairs remembered (give or take a third)
	 * @param nanos the time, as {@link System#nanoTime()}
	 */
	DedupeWindow(Duration window, long maxEntries, LongSupplier nanos) {
		this.windowSeconds = Math.max(1, window.toSeconds());
		this.nanos = nanos;
		this.origin = nanos.getAsLong();
		long wanted = Math.max(1, Math.min(64, maxEntries / MIN_STRIPE_ENTRIES));
		int count = (int) Long.highestOneBit(wanted);
		this.stripes = new Stripe[count];
		int perGeneration = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, maxEntries / count / (GENERATIONS - 1)));
		long span = Math.max(1, this.windowSeconds / (GENERATIONS - 1));
		for (int i = 0; i < count; i++) {
			this.stripes[i] = new Stripe(perGeneration, span);
		}
		this.mask = count - 1;
	}

	/**
	 * Records the pair.
	 * @return {@code true} if it was not seen within the window
	 */
	boolean firstInWindow(long articleId, long visitor) {
		long key = pairKey(articleId, visitor);
		Stripe stripe = this.stripes[(int) (mix(key) & this.mask)];
		int now = now();
		synchronized (stripe) {
			return stripe.firstInWindow(key, now, this.windowSeconds);
		}
	}

	/**
	 * The pairs remembered now, after dropping the generations whose pairs have all expired.
	 */
	long size() {
		int now = now();
		long size = 0;
		for (Stripe stripe : this.stripes) {
			synchronized (stripe) {
				size += stripe.size(now, this.windowSeconds);
			}
		}
		return size;
	}

	private int now() {
		return (int) TimeUnit.NANOSECONDS.toSeconds(this.nanos.getAsLong() - this.origin);
	}

	private static long pairKey(long articleId, long visitor) {
		// Mixes the article into the visitor's fingerprint; collisions are as unlikely as the fingerprint's own.
		return visitor ^ (articleId * 0x9E3779B97F4A7C15L);
	}

	private static long mix(long key) {
		// The stripe from the high bits of a multiplicative hash, whatever the key's own bits look like.
		return (key * 0xBF58476D1CE4E5B9L) >>> 58;
	}

	/**
	 * One stripe's generations, guarded by the stripe's monitor.
	 */
	private static final class Stripe {

		private final LongIntHashMap[] generations = new LongIntHashMap[GENERATIONS];

		// When each generation started, and the latest second a pair went into it.
		private final int[] started = new int[GENERATIONS];

		private final int[] newest = new int[GENERATIONS];

		private final int perGeneration;

		private final long span;

		private int current;

		Stripe(int perGeneration, long span) {
			this.perGeneration = perGeneration;
			this.span = span;
			for (int i = 0; i < GENERATIONS; i++) {
				this.generations[i] = new LongIntHashMap();
			}
		}

		boolean firstInWindow(long key, int now, long window) {
			for (LongIntHashMap generation : this.generations) {
				int index = generation.indexOf(key);
				if (generation.indexExists(index) && now - generation.indexGet(index) < window) {
					return false;
				}
			}
			LongIntHashMap target = this.generations[this.current];
			if (now - this.started[this.current] >= this.span || target.size() >= this.perGeneration) {
				// The generation replaced is the oldest: its pairs are at least a window old, unless the
				// bound is what turned the generations over.
				this.current = (this.current + 1) % GENERATIONS;
				target = this.generations[this.current];
				target.clear();
				this.started[this.current] = now;
			}
			// The current generation is younger than the window, so the pair is not in it; an expired copy may
			// linger in an older one until that is dropped.
			target.put(key, now);
			this.newest[this.current] = now;
			return true;
		}

		long size(int now, long window) {
			long size = 0;
			for (int i = 0; i < GENERATIONS; i++) {
				if (now - this.newest[i] >= window) {
					this.generations[i].clear();
				}
				size += this.generations[i].size();
			}
			return size;
		}

	}

}
