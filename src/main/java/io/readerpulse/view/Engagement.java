package io.readerpulse.view;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.readerpulse.live.LocalEngagement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Engagement pings: which visitor pinged which story when, for two purposes. A ping counts as
 * {@value #SLOT_SECONDS} engaged seconds once per visitor per story per {@value #SLOT_SECONDS}-second slot of
 * the clock, so a story's engaged time can never run ahead of the time its readers spent, however often a
 * page pings; slots rather than a window from the last ping, so a ping that arrives a little early (timers
 * and networks jitter) is not lost. And a visitor who pinged within {@value #NOW_SECONDS} seconds is
 * engaged now.
 * <p>
 * Memory is bounded: at most {@code maxVisitors} (story, visitor) pairs are remembered, each for
 * {@value #NOW_SECONDS} seconds; pings of visitors beyond that bound do not count until room is made.
 */
@Component
final class Engagement implements LocalEngagement {

	static final int SLOT_SECONDS = 15;

	static final int NOW_SECONDS = 30;

	private static final long SLOT_MILLIS = Duration.ofSeconds(SLOT_SECONDS).toMillis();

	private static final long NOW_MILLIS = Duration.ofSeconds(NOW_SECONDS).toMillis();

	private final Clock clock;

	private final int maxVisitors;

	// Story → visitor → the time of the visitor's last counted ping.
	private final Map<Long, Map<Long, Long>> pings = new ConcurrentHashMap<>();

	private final AtomicInteger remembered = new AtomicInteger();

	@Autowired
	Engagement(Clock clock, ViewProperties properties) {
		this(clock, (int) Math.min(Integer.MAX_VALUE, properties.dedupeMaxEntries()));
	}

	Engagement(Clock clock, int maxVisitors) {
		this.clock = clock;
		this.maxVisitors = maxVisitors;
	}

	/**
	 * Records a ping.
	 * @param articleId the story
	 * @param visitor the visitor's fingerprint
	 * @return {@code true} if it counts as engaged time: the visitor's first ping of the story in this slot
	 */
	boolean ping(long articleId, long visitor) {
		long now = this.clock.millis();
		long slot = Math.floorDiv(now, SLOT_MILLIS);
		Map<Long, Long> visitors = this.pings.computeIfAbsent(articleId, (id) -> new ConcurrentHashMap<>());
		boolean[] counted = { false };
		visitors.compute(visitor, (key, last) -> {
			if (last == null) {
				if (this.remembered.incrementAndGet() > this.maxVisitors) {
					this.remembered.decrementAndGet();
					return null;
				}
			}
			else if (Math.floorDiv(last, SLOT_MILLIS) == slot) {
				return last;
			}
			counted[0] = true;
			return now;
		});
		return counted[0];
	}

	@Override
	public long engagedNow(long articleId) {
		Map<Long, Long> visitors = this.pings.get(articleId);
		if (visitors == null) {
			return 0;
		}
		long since = this.clock.millis() - NOW_MILLIS;
		return visitors.values().stream().filter((at) -> at > since).count();
	}

	@Override
	public Map<Long, Long> engagedNow() {
		long since = this.clock.millis() - NOW_MILLIS;
		Map<Long, Long> engaged = new HashMap<>();
		this.pings.forEach((articleId, visitors) -> {
			visitors.entrySet().removeIf((entry) -> {
				boolean gone = entry.getValue() <= since;
				if (gone) {
					this.remembered.decrementAndGet();
				}
				return gone;
			});
			// A story's empty map stays: removing it could race with a ping adding to it. Stories are few.
			if (!visitors.isEmpty()) {
				engaged.put(articleId, (long) visitors.size());
			}
		});
		return engaged;
	}

	int remembered() {
		return this.remembered.get();
	}

}
