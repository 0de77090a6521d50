package io.readerpulse.view;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.readerpulse.audience.Referral;
import io.readerpulse.live.LiveChanges;

/**
 * One article's pending views and engaged time. Not thread-safe: guarded by its stripe of
 * {@link PendingViews} until drained, then owned by the flusher.
 */
final class ViewDelta {

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

	/**
	 * Notes which open streams were told of a view (see {@link LiveViews}).
	 */
	void told(long liveMark) {
		this.live.add(liveMark);
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

	ViewDelta addAll(ViewDelta other) {
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
	 * Keeps the first {@code keep} fingerprints, and everything else, here; of the others at most
	 * {@code most} go to the delta returned, the rest are dropped.
	 * @return a delta of those other fingerprints alone (no views)
	 */
	ViewDelta splitVisitors(int keep, int most) {
		int moved = Math.min(this.visitorCount - keep, most);
		ViewDelta rest = new ViewDelta();
		rest.visitors = Arrays.copyOfRange(this.visitors, keep, keep + Math.max(4, moved));
		rest.visitorCount = moved;
		this.visitorCount = keep;
		return rest;
	}

	Collection<MinuteCounts> minutes() {
		return this.minutes.values();
	}

	Map<HostHour, Long> hosts() {
		return (this.hosts != null) ? this.hosts : Map.of();
	}

	static Map<Long, ViewDelta> single(long articleId, long visitor, long minute, Referral referral) {
		ViewDelta delta = new ViewDelta();
		delta.add(visitor, true);
		delta.referred(minute, referral);
		Map<Long, ViewDelta> map = new HashMap<>();
		map.put(articleId, delta);
		return map;
	}

}
