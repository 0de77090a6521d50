package io.readerpulse.view;

import io.readerpulse.audience.Source;

/**
 * One story's pending audience in one UTC minute: views, engaged seconds, and views by source. Guarded like
 * the {@link ViewDelta} that holds it.
 */
final class MinuteCounts {

	final long minute;

	long views;

	long engagedSeconds;

	// Views by Source ordinal.
	final long[] sources = new long[Source.values().length];

	MinuteCounts(long minute) {
		this.minute = minute;
	}

	void addAll(MinuteCounts other) {
		this.views += other.views;
		this.engagedSeconds += other.engagedSeconds;
		for (int i = 0; i < this.sources.length; i++) {
			this.sources[i] += other.sources[i];
		}
	}

}
