package io.readerpulse.audience;

import java.time.Instant;
import java.util.List;

/**
 * A story's audience over a span of minutes ({@code GET /api/articles/{slug}/audience}).
 *
 * @param slug the story
 * @param from the start of the span's first minute
 * @param to the end of its last minute (the current one), exclusive
 * @param minutes every minute of the span, oldest first, zeros included
 * @param sources views by source over the span
 * @param referrers the top referring hosts over the hours the span touches, most views first
 * @param engagedNow visitors who pinged within the last 30 s, on every instance
 * @param averageEngagedSeconds engaged seconds per counted view over the span
 */
public record Audience(String slug, Instant from, Instant to, List<MinuteFigures> minutes, Sources sources,
		List<ReferringHost> referrers, long engagedNow, double averageEngagedSeconds) {

	/**
	 * One minute of a story's audience.
	 *
	 * @param minute the minute's start
	 * @param views counted views
	 * @param engagedSeconds engaged seconds (15 per counted ping)
	 */
	public record MinuteFigures(Instant minute, long views, long engagedSeconds) {
	}

	/**
	 * Views by where they came from.
	 */
	public record Sources(long direct, long internal, long search, long social, long other) {

		static final Sources NONE = new Sources(0, 0, 0, 0, 0);

		Sources plus(Sources other) {
			return new Sources(this.direct + other.direct, this.internal + other.internal, this.search + other.search,
					this.social + other.social, this.other + other.other);
		}

	}

	/**
	 * A host that sent readers.
	 *
	 * @param host the host (never a path or query)
	 * @param views the views it sent
	 */
	public record ReferringHost(String host, long views) {
	}

}
