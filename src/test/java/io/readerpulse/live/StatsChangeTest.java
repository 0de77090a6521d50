package io.readerpulse.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge rules of live stats: changes arrive from several writers and instances in any order, and a
 * topic must end up with the newest value of each figure.
 */
class StatsChangeTest {

	private static final Stats.Trending TRENDING = new Stats.Trending(12.5, 2, false);

	private static final TopicStats LOADED = TopicStats.UNKNOWN
		.seeded(Stats.NONE.withCounts(100, 40).withComments(3).withTrending(TRENDING));

	@Test
	void ownTotalsApplyBeforeTheStatsWereReadAndNeverGoBack() {
		TopicStats counted = new StatsChange.Counted(7, 5, TRENDING).applyTo(TopicStats.UNKNOWN);
		assertThat(counted.stats()).isEqualTo(Stats.NONE.withCounts(7, 5).withTrending(TRENDING));

		TopicStats older = new StatsChange.Counted(90, 30, TRENDING).applyTo(LOADED);
		assertThat(older.stats().views()).isEqualTo(100);
		assertThat(older.stats().uniqueVisitors()).isEqualTo(40);
	}

	@Test
	void aReadValueDoesNotUndoNewerCountsTheTopicAlreadyKnows() {
		TopicStats counted = new StatsChange.Counted(120, 50, TRENDING).applyTo(TopicStats.UNKNOWN);
		TopicStats seeded = counted.seeded(Stats.NONE.withCounts(100, 40).withComments(3));
		assertThat(seeded.stats().views()).isEqualTo(120);
		assertThat(seeded.stats().uniqueVisitors()).isEqualTo(50);
		assertThat(seeded.stats().comments()).isEqualTo(3);
	}

	@Test
	void otherInstancesTotalsOnlyEverRaiseTheCounts() {
		assertThat(new StatsChange.Viewed(150, 41).applyTo(LOADED).stats().views()).isEqualTo(150);
		assertThat(new StatsChange.Viewed(99, 39).applyTo(LOADED)).isSameAs(LOADED);
		assertThat(new StatsChange.Viewed(150, 41).applyTo(TopicStats.UNKNOWN)).isSameAs(TopicStats.UNKNOWN);
	}

	@Test
	void aCommentCountAnnouncedAfterANewerOneIsIgnored() {
		TopicStats newer = new StatsChange.Commented(9, 5).applyTo(LOADED);
		TopicStats late = new StatsChange.Commented(8, 4).applyTo(newer);
		assertThat(late).isSameAs(newer);
		assertThat(late.stats().comments()).isEqualTo(5);
		assertThat(late.commentSeq()).isEqualTo(9);
	}

	@Test
	void reactionsAndTrendingReplaceWhatWasKnown() {
		Stats.Reactions reactions = new Stats.Reactions(1, 2, 3, 4, 5, 6);
		assertThat(new StatsChange.Reacted(reactions).applyTo(LOADED).stats().reactions()).isEqualTo(reactions);
		Stats.Trending viral = new Stats.Trending(80, 6, true);
		assertThat(new StatsChange.Trended(viral).applyTo(LOADED).stats().trending()).isEqualTo(viral);
	}

	@Test
	void aChangeThatAddsNothingLeavesTheTopicClean() {
		assertThat(new StatsChange.Trended(TRENDING).applyTo(LOADED)).isSameAs(LOADED);
		assertThat(new StatsChange.Reacted(Stats.Reactions.NONE).applyTo(TopicStats.UNKNOWN)).isSameAs(TopicStats.UNKNOWN);
	}

}
