package io.readerpulse.article;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import io.readerpulse.trending.DecayCounters;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * The stored part of an article's stats (everything but {@code readingNow}, which only the live streams know).
 */
@Component
public final class StatsStore {

	private final DatabaseClient database;

	private final DecayCounters decay;

	StatsStore(DatabaseClient database, DecayCounters decay) {
		this.database = database;
		this.decay = decay;
	}

	/**
	 * The select-list items {@link #toStats(Readable)} reads; the statement must alias {@code article_stats}
	 * as {@code s}, join {@code trending_landmark landmark}, and be bound with {@link #bind(GenericExecuteSpec)}.
	 */
	String columns() {
		return "coalesce(s.views, 0) as views, coalesce(s.unique_visitors, 0) as unique_visitors, "
				+ "coalesce(s.comments, 0) as comments, "
				+ "coalesce(s.r_like, 0) as r_like, coalesce(s.r_love, 0) as r_love, coalesce(s.r_haha, 0) as r_haha, "
				+ "coalesce(s.r_wow, 0) as r_wow, coalesce(s.r_sad, 0) as r_sad, coalesce(s.r_angry, 0) as r_angry, "
				+ this.decay.decayedColumns("s");
	}

	GenericExecuteSpec bind(GenericExecuteSpec spec) {
		return this.decay.bind(spec);
	}

	/**
	 * Reads the stored stats of one article.
	 * @param articleId the article's id
	 * @return its stats with {@code readingNow} zero, or empty if the article does not exist
	 */
	public Mono<Stats> load(long articleId) {
		return bind(this.database.sql("select " + columns() + " from article a left join article_stats s "
				+ "on s.article_id = a.id cross join trending_landmark landmark where a.id = :id"))
			.bind("id", articleId)
			.map(this::toStats)
			.one();
	}

	Stats toStats(Readable row) {
		return Stats.NONE.withCounts(row.get("views", Long.class), row.get("unique_visitors", Long.class))
			.withReactions(new Stats.Reactions(row.get("r_like", Long.class), row.get("r_love", Long.class),
					row.get("r_haha", Long.class), row.get("r_wow", Long.class), row.get("r_sad", Long.class),
					row.get("r_angry", Long.class)))
			.withComments(row.get("comments", Long.class))
			.withTrending(this.decay.figures(row));
	}

}
