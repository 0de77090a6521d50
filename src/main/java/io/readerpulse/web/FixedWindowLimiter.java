package io.readerpulse.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * At most {@code limit} acquisitions per key (a client address, say) per window, the window starting with
 * the key's first acquisition. Memory is bounded: windows expire, and at most {@code maxKeys} are kept.
 */
public final class FixedWindowLimiter {

	private final int limit;

	private final Duration window;

	private final Clock clock;

	private final Cache<String, Window> windows;

	/**
	 * Creates a limiter.
	 * @param limit acquisitions allowed per window
	 * @param window the window
	 * @param maxKeys the most keys tracked at once
	 * @param clock the time source
	 */
	public FixedWindowLimiter(int limit, Duration window, long maxKeys, Clock clock) {
		this.limit = limit;
		this.window = window;
		this.clock = clock;
		this.windows = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxKeys).build();
	}

	/**
	 * Takes one acquisition for the key.
	 * @param key whose allowance to use
	 * @return empty if allowed, else how long until the key's window ends
	 */
	public Optional<Duration> tryAcquire(String key) {
		Instant now = this.clock.instant();
		Window current = this.windows.asMap().compute(key, (k, existing) -> {
			if (existing == null || !now.isBefore(existing.ends())) {
				return new Window(now.plus(this.window), 1);
			}
			return new Window(existing.ends(), existing.used() + 1);
		});
		return (current.used() <= this.limit) ? Optional.empty() : Optional.of(Duration.between(now, current.ends()));
	}

	/**
	 * Whether the key has used up its window, without using any of it.
	 * @param key whose allowance to check
	 * @return empty if the next acquisition would be allowed, else how long until the key's window ends
	 */
	public Optional<Duration> exhausted(String key) {
		Instant now = this.clock.instant();
		Window current = this.windows.getIfPresent(key);
		if (current == null || !now.isBefore(current.ends()) || current.used() < this.limit) {
			return Optional.empty();
		}
		return Optional.of(Duration.between(now, current.ends()));
	}

	/**
	 * Gives back one acquisition of the key's current window (one that turned out not to count).
	 * @param key whose acquisition to give back
	 */
	public void release(String key) {
		this.windows.asMap().computeIfPresent(key,
				(k, existing) -> (existing.used() > 0) ? new Window(existing.ends(), existing.used() - 1) : existing);
	}

	private record Window(Instant ends, int used) {
	}

}
