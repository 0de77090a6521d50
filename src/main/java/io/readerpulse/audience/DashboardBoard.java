package io.readerpulse.audience;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.readerpulse.trending.Why;

/**
 * The editors' live board ({@code event: board} of {@code GET /api/dashboard/stream}).
 *
 * @param generatedAt when it was computed
 * @param heldComments comments waiting for a moderator, on every story
 * @param items the most trending stories, most trending first
 */
public record DashboardBoard(Instant generatedAt, long heldComments, List<Item> items) {

	/**
	 * One story on the board.
	 *
	 * @param rank its place, from 1
	 * @param slug the story
	 * @param title its headline
	 * @param section its section, if it has one
	 * @param score its trending score
	 * @param velocity its recent rate relative to its own baseline
	 * @param viral whether it is going viral
	 * @param why the figures behind {@code viral}
	 * @param readingNow open streams on every instance
	 * @param engagedNow visitors who pinged within 30 s, on every instance
	 * @param viewsLastHour views in the 60 minutes of {@code perMinute}
	 * @param perMinute views in each of the last 60 UTC minutes, oldest first, the current one last
	 * @param sources the views of those minutes by source
	 */
	public record Item(int rank, String slug, String title, @Nullable String section, double score, double velocity,
			boolean viral, Why why, long readingNow, long engagedNow, long viewsLastHour, long[] perMinute,
			Audience.Sources sources) {

		// Records compare arrays by identity; boards are compared to skip sending an unchanged one.
		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Item item && this.rank == item.rank && this.slug.equals(item.slug)
					&& this.title.equals(item.title) && java.util.Objects.equals(this.section, item.section)
					&& this.score == item.score && this.velocity == item.velocity && this.viral == item.viral
					&& java.util.Objects.equals(this.why, item.why) && this.readingNow == item.readingNow
					&& this.engagedNow == item.engagedNow && this.viewsLastHour == item.viewsLastHour
					&& java.util.Arrays.equals(this.perMinute, item.perMinute) && this.sources.equals(item.sources);
		}

		@Override
		public int hashCode() {
			return java.util.Objects.hash(this.rank, this.slug, this.score, this.viewsLastHour,
					java.util.Arrays.hashCode(this.perMinute));
		}

		@Override
		public String toString() {
			return "Item[" + this.rank + ", " + this.slug + ", " + this.viewsLastHour + " views]";
		}

	}

}
