package io.readerpulse.live;

/**
 * One change to a story's live stats, with the rule for merging it into what the topic knows. Changes come
 * from several writers and instances in any order, so each rule keeps the newer value: view totals only
 * grow, and a comment count belongs to a comment event number.
 */
sealed interface StatsChange {

	/**
	 * Merges the change.
	 * @param known what the topic knows
	 * @return the new state, or {@code known} itself if the change adds nothing
	 */
	TopicStats applyTo(TopicStats known);

	/** New totals from this instance's own write, with the trending figures as of the write. */
	record Counted(long views, long uniqueVisitors, Stats.Trending trending) implements StatsChange {

		@Override
		public TopicStats applyTo(TopicStats known) {
			// The write's own totals are known to be current even before the topic has read its stats.
			Stats base = (known.stats() != null) ? known.stats() : Stats.NONE;
			return known.with(base.withCounts(Math.max(base.views(), this.views),
					Math.max(base.uniqueVisitors(), this.uniqueVisitors)).withTrending(this.trending));
		}

	}

	/** New view totals that another instance counted. */
	record Viewed(long views, long uniqueVisitors) implements StatsChange {

		@Override
		public TopicStats applyTo(TopicStats known) {
			Stats stats = known.stats();
			if (stats == null || (this.views <= stats.views() && this.uniqueVisitors <= stats.uniqueVisitors())) {
				return known;
			}
			return known.with(stats.withCounts(Math.max(stats.views(), this.views),
					Math.max(stats.uniqueVisitors(), this.uniqueVisitors)));
		}

	}

	/** A new published-comment count, as of the story's comment event {@code seq}. */
	record Commented(long seq, long comments) implements StatsChange {

		@Override
		public TopicStats applyTo(TopicStats known) {
			Stats stats = known.stats();
			// Two writers may announce their counts in either order; the later event holds the true count.
			if (stats == null || this.seq <= known.commentSeq()) {
				return known;
			}
			return new TopicStats(stats.withComments(this.comments), this.seq);
		}

	}

	/** New reaction counts. */
	record Reacted(Stats.Reactions reactions) implements StatsChange {

		@Override
		public TopicStats applyTo(TopicStats known) {
			Stats stats = known.stats();
			return (stats != null) ? known.with(stats.withReactions(this.reactions)) : known;
		}

	}

	/** New trending figures. */
	record Trended(Stats.Trending trending) implements StatsChange {

		@Override
		public TopicStats applyTo(TopicStats known) {
			Stats stats = known.stats();
			return (stats != null) ? known.with(stats.withTrending(this.trending)) : known;
		}

	}

}
