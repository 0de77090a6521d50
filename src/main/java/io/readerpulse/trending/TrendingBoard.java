package io.readerpulse.trending;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.media.Schema;

import io.readerpulse.live.Stats;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * The trending ranking: stories ordered by their trending counter, which (all counters sharing one
 * landmark) is the order of their decayed trending rates. One index scan, however many stories there are.
 */
@Component
public final class TrendingBoard {

	private final DatabaseClient database;

	private final DecayCounters decay;

	private final ViralFigures viral;

	TrendingBoard(DatabaseClient database, DecayCounters decay, ViralFigures viral) {
		this.database = database;
		this.decay = decay;
		this.viral = viral;
	}

	/**
	 * The most trending stories now.
	 * @param limit how many, 1..100
	 * @param section only stories of this section, or {@code null} for all
	 * @return the ranking
	 */
	public Mono<Ranking> top(int limit, @Nullable String section) {
		// Every counter shares the landmark, so the order of the stored counters is the order now.
		GenericExecuteSpec spec = this.database.sql("""
				select a.slug, a.title, a.section, s.article_id, s.n_fast, s.n_trend, s.n_base, s.viral, s.viral_since,
				       landmark.landmark
				from article_stats s join article a on a.id = s.article_id cross join trending_landmark landmark
				where s.n_trend > 0 and (cast(:section as text) is null or a.section = :section)
				order by s.n_trend desc, s.article_id limit :limit""").bind("limit", limit);
		spec = (section != null) ? spec.bind("section", section) : spec.bindNull("section", String.class);
		Instant now = this.decay.now();
		return spec.map((row) -> {
			Stats.Trending figures = this.decay.figures(row);
			return new Item(0, row.get("slug", String.class), row.get("title", String.class),
					row.get("section", String.class), figures.score(), figures.velocity(), figures.viral(),
					this.viral.of(row));
		}).all().index((rank, item) -> item.ranked(rank.intValue() + 1)).collectList().map((items) -> new Ranking(now, items));
	}

	/**
	 * A trending ranking at a moment.
	 *
	 * @param generatedAt when it was computed
	 * @param items the stories, most trending first
	 */
	public record Ranking(Instant generatedAt, List<Item> items) {

		/**
		 * The first stories of this ranking.
		 * @param limit how many
		 * @return a ranking of at most {@code limit} items
		 */
		public Ranking limit(int limit) {
			return (this.items.size() <= limit) ? this : new Ranking(this.generatedAt, this.items.subList(0, limit));
		}

	}

	/**
	 * One story on the board.
	 *
	 * @param rank its place, from 1
	 * @param slug the story
	 * @param title its headline
	 * @param section its section, or {@code null} if it has none
	 * @param score its trending score (weighted engagements per hour, decayed with a one-hour half-life)
	 * @param velocity its recent rate relative to its own baseline
	 * @param viral whether it is going viral
	 * @param why the figures behind {@code viral}, from the latest viral evaluation (its {@code velocity} may
	 * therefore differ a little from the item's, which is now)
	 */
	public record Item(int rank, String slug, String title, @Nullable String section, double score, double velocity,
			boolean viral,
			@Schema(description = "The figures behind `viral`, from the latest viral evaluation (its velocity "
					+ "may differ a little from the item's, which is now)") Why why) {

		Item ranked(int place) {
			return new Item(place, this.slug, this.title, this.section, this.score, this.velocity, this.viral,
					this.why);
		}

	}

}
