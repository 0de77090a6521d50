package io.readerpulse.audience;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A span of whole UTC minutes ending with the current one, and the stored minutes laid out over it with
 * the minutes nobody read filled in as zeros.
 *
 * @param from the start of the first minute
 * @param count how many minutes
 */
record MinuteSeries(Instant from, int count) {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	/**
	 * The last {@code count} minutes up to and including the one {@code now} is in.
	 */
	static MinuteSeries endingAt(Instant now, int count) {
		return new MinuteSeries(now.truncatedTo(ChronoUnit.MINUTES).minus(MINUTE.multipliedBy(count - 1L)), count);
	}

	/** The end of the span, exclusive. */
	Instant to() {
		return this.from.plus(MINUTE.multipliedBy(this.count));
	}

	/** The start of the hour the span begins in. */
	Instant fromHour() {
		return this.from.truncatedTo(ChronoUnit.HOURS);
	}

	/**
	 * Every minute of the span, oldest first.
	 * @param stored the stored minutes of one story within the span, in any order
	 * @return the figures, zeros where nothing was stored
	 */
	List<Audience.MinuteFigures> fill(List<AudienceReads.Stored> stored) {
		long[] views = new long[this.count];
		long[] engaged = new long[this.count];
		for (AudienceReads.Stored minute : stored) {
			int index = index(minute.minute());
			if (index >= 0) {
				views[index] += minute.views();
				engaged[index] += minute.engagedSeconds();
			}
		}
		List<Audience.MinuteFigures> figures = new ArrayList<>(this.count);
		for (int i = 0; i < this.count; i++) {
			figures.add(new Audience.MinuteFigures(this.from.plus(MINUTE.multipliedBy(i)), views[i], engaged[i]));
		}
		return figures;
	}

	/**
	 * Views per minute only, oldest first, for the dashboard's sparklines.
	 */
	long[] views(List<AudienceReads.Stored> stored) {
		long[] views = new long[this.count];
		for (AudienceReads.Stored minute : stored) {
			int index = index(minute.minute());
			if (index >= 0) {
				views[index] += minute.views();
			}
		}
		return views;
	}

	private int index(Instant minute) {
		long index = Duration.between(this.from, minute).toMinutes();
		return (index >= 0 && index < this.count && !minute.isBefore(this.from)) ? (int) index : -1;
	}

	static Audience.Sources sources(List<AudienceReads.Stored> stored) {
		Audience.Sources sources = Audience.Sources.NONE;
		for (AudienceReads.Stored minute : stored) {
			sources = sources.plus(minute.sources());
		}
		return sources;
	}

}
