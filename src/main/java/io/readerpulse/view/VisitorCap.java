package io.readerpulse.view;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most so many new visitors of one story count from one client address per dedupe window, so that a
 * script that makes up a new visitor id for every beacon cannot make a story viral. Generous by default
 * (mobile carriers put many readers behind one address); off at 0. The service's own machine (loopback:
 * the demo traffic, a load test run beside it) is not capped.
 */
final class VisitorCap {

	private static final Logger logger = LoggerFactory.getLogger(VisitorCap.class);

	private final int perAddress;

	// New visitors per (address, story), counted from the first one for a fixed window.
	private final Cache<String, AtomicInteger> visitors;

	VisitorCap(int perAddress, Duration window, long maxEntries, Ticker ticker) {
		this.perAddress = perAddress;
		this.visitors = Caffeine.newBuilder().maximumSize(maxEntries).ticker(ticker)
			.expireAfter(new Expiry<String, AtomicInteger>() {
				@Override
				public long expireAfterCreate(String key, AtomicInteger count, long now) {
					return window.toNanos();
				}

				@Override
				public long expireAfterUpdate(String key, AtomicInteger count, long now, long remaining) {
					return remaining;
				}

				@Override
				public long expireAfterRead(String key, AtomicInteger count, long now, long remaining) {
					return remaining;
				}
			})
			.build();
	}

	/**
	 * Takes one new visitor of the story from the address.
	 * @param articleId the story
	 * @param address the client's address, if known
	 * @return whether the visitor counts
	 */
	boolean admits(long articleId, @Nullable String address) {
		if (this.perAddress <= 0 || address == null || isLoopback(address)) {
			return true;
		}
		int count = this.visitors.get(address + "|" + articleId, (key) -> new AtomicInteger()).incrementAndGet();
		if (count == this.perAddress + 1) {
			logger.warn("More than {} new visitors of one story from {} within the dedupe window: the rest are not "
					+ "counted. If this address is your proxy, configure forwarded headers (PULSE_TRUSTED_PROXIES).",
					this.perAddress, address);
		}
		return count <= this.perAddress;
	}

	private static boolean isLoopback(String address) {
		// As ClientAddress writes addresses: literals, IPv6 in full.
		return address.startsWith("127.") || "0:0:0:0:0:0:0:1".equals(address);
	}

}
