package io.readerpulse.article;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import io.readerpulse.live.Stats;
import io.readerpulse.live.StatsSource;
import io.readerpulse.trending.DecayCounters;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The stored part of a story's stats (everything but {@code readingNow}, which only the live streams know),
 * read from {@code article_card}.
 */
@Component
final class StatsStore implements StatsSource {

	private final DatabaseClient database;

	private final DecayCounters decay;

	StatsStore(DatabaseClient database, DecayCounters decay) {
		this.database = database;
		this.decay = decay;
	}

	@Override
	public Mono<Stats> load(long articleId) {
		return this.database.sql("select * from article_card where id = :id")
			.bind("id", articleId)
			.map(this::toStats)
			.one();
	}

	/**
	 * The stats of a row of {@code article_card}, decayed to now.
	 * @param row the row
	 * @return the stats with {@code readingNow} zero
	 */
	Stats toStats(Readable row) {
		return Stats.NONE.withCounts(row.get("views", Long.class), row.get("unique_visitors", Long.class))
			.withReactions(new Stats.Reactions(row.get("r_like", Long.class), row.get("r_love", Long.class),
					row.get("r_haha", Long.class), row.get("r_wow", Long.class), row.get("r_sad", Long.class),
					row.get("r_angry", Long.class)))
			.withComments(row.get("comments", Long.class))
			.withTrending(this.decay.figures(row));
	}

}
