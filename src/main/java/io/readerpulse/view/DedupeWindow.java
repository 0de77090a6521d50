package io.readerpulse.view;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Remembers which visitor viewed which story, for a window: a (story, visitor) pair is new once per window.
 * <p>
 * Memory is bounded twice: entries expire when their window ends, and at most {@code maxEntries} are kept
 * (about 100 bytes each, so the default million is about 100 MB). Past that bound the least recently seen
 * pairs are forgotten early and may be counted again; the {@code pulse.views.dedupe.entries} gauge shows
 * how close to it the service runs.
 */
final class DedupeWindow {

	private final Cache<Long, Boolean> seen;

	DedupeWindow(Duration window, long maxEntries, Ticker ticker) {
		this.seen = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxEntries).ticker(ticker).build();
	}

	/**
	 * Records the pair.
	 * @return {@code true} if it was not seen within the window
	 */
	boolean firstInWindow(long articleId, long visitor) {
		return this.seen.asMap().putIfAbsent(pairKey(articleId, visitor), Boolean.TRUE) == null;
	}

	Map<Long, Boolean> entries() {
		return this.seen.asMap();
	}

	/**
	 * The pairs remembered now, after dropping the expired ones (which otherwise go lazily).
	 */
	long size() {
		this.seen.cleanUp();
		return this.seen.estimatedSize();
	}

	private static long pairKey(long articleId, long visitor) {
		// Mixes the article into the visitor's fingerprint; collisions are as unlikely as the fingerprint's own.
		return visitor ^ (articleId * 0x9E3779B97F4A7C15L);
	}

}
