package io.readerpulse.article;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The stored part of an article's stats (everything but {@code readingNow}, which only the live streams know).
 */
@Component
public final class StatsStore {

	static final String COLUMNS = "coalesce(s.views, 0) as views, coalesce(s.unique_visitors, 0) as unique_visitors";

	private final DatabaseClient database;

	StatsStore(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Reads the stored stats of one article.
	 * @param articleId the article's id
	 * @return its stats with {@code readingNow} zero, or empty if the article does not exist
	 */
	public Mono<Stats> load(long articleId) {
		return this.database
			.sql("select " + COLUMNS + " from article a left join article_stats s on s.article_id = a.id "
					+ "where a.id = :id")
			.bind("id", articleId)
			.map(StatsStore::toStats)
			.one();
	}

	static Stats toStats(Readable row) {
		return Stats.NONE.withCounts(row.get("views", Long.class), row.get("unique_visitors", Long.class));
	}

}
