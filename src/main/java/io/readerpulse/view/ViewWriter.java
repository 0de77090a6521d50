package io.readerpulse.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;

import io.readerpulse.live.LiveChanges;
import io.readerpulse.live.Stats;
import io.readerpulse.trending.DecayCounters;
import io.readerpulse.trending.TrendingProperties;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Writes views in one statement, whatever their number: commutative {@code + delta} updates per article
 * (so instances never overwrite each other's counts) and the new visitors' fingerprints, of which only
 * those never seen before raise {@code unique_visitors}.
 * <p>
 * The statement also stores the batch's receipt, and writes the views only if the receipt is new: a batch
 * retried after PostgreSQL committed it but its answer was lost writes nothing. A retry that runs while the
 * first attempt is still in progress (given up by the client, not yet by the server) waits on the receipt's
 * key for its outcome, then writes only if that attempt rolled back.
 */
@Component
final class ViewWriter {

	// Each view adds its weight to the trending counters in the same statement: no extra write.
	private static final String WRITE = """
			with receipt as (
			    insert into view_flush (id) values (:flush) on conflict do nothing returning id
			), landmark as (select landmark from trending_landmark where id = 1 for share),
			delta as (
			    select * from unnest(:articles::bigint[], :views::bigint[]) as d (article_id, views)
			    where exists (select 1 from receipt)
			), fresh as (
			    insert into article_visitor (article_id, visitor)
			    select * from unnest(:visitorArticles::bigint[], :visitors::bigint[])
			    where exists (select 1 from receipt)
			    on conflict do nothing
			    returning article_id
			), uniques as (
			    select article_id, count(*) as visitors from fresh group by article_id
			)
			update article_stats s
			set views = s.views + d.views, unique_visitors = s.unique_visitors + coalesce(u.visitors, 0),
			    n_fast = s.n_fast + d.views * :viewWeight * forward_decay_weight(:decayNow, landmark.landmark, :tauFast),
			    n_trend = s.n_trend + d.views * :viewWeight * forward_decay_weight(:decayNow, landmark.landmark, :tauTrend),
			    n_base = s.n_base + d.views * :viewWeight * forward_decay_weight(:decayNow, landmark.landmark, :tauBase)
			from delta d left join uniques u on u.article_id = d.article_id, landmark
			where s.article_id = d.article_id
			returning s.article_id, s.views, s.unique_visitors, s.n_fast, s.n_trend, s.n_base, s.viral, landmark.landmark""";

	private final DatabaseClient database;

	private final DecayCounters decay;

	private final double viewWeight;

	ViewWriter(DatabaseClient database, DecayCounters decay, TrendingProperties trending) {
		this.database = database;
		this.decay = decay;
		this.viewWeight = trending.viewWeight();
	}

	/**
	 * Writes the batch's views, unless they have been written already.
	 * @return the new totals of every article written (deleted articles are skipped); none if the batch had
	 * been written before
	 */
	Flux<Totals> write(FlushBatch batch) {
		Map<Long, PendingViews.Delta> deltas = batch.deltas();
		int size = deltas.size();
		Long[] articles = new Long[size];
		Long[] views = new Long[size];
		List<Long> visitorArticles = new ArrayList<>();
		List<Long> visitors = new ArrayList<>();
		int i = 0;
		for (Map.Entry<Long, PendingViews.Delta> entry : deltas.entrySet()) {
			articles[i] = entry.getKey();
			views[i] = entry.getValue().views();
			for (long visitor : entry.getValue().visitors()) {
				visitorArticles.add(entry.getKey());
				visitors.add(visitor);
			}
			i++;
		}
		return this.decay.bind(this.database.sql(WRITE))
			.bind("flush", batch.id())
			.bind("viewWeight", this.viewWeight)
			.bind("articles", articles)
			.bind("views", views)
			.bind("visitorArticles", visitorArticles.toArray(Long[]::new))
			.bind("visitors", visitors.toArray(Long[]::new))
			.map((row) -> new Totals(row.get("article_id", Long.class), row.get("views", Long.class),
					row.get("unique_visitors", Long.class), this.decay.figures(row)))
			.all();
	}

	/**
	 * An article's counts and trending figures after a write.
	 */
	record Totals(long articleId, long views, long uniqueVisitors, Stats.Trending trending) {

		void announce(LiveChanges live) {
			live.viewsCounted(this.articleId, this.views, this.uniqueVisitors, this.trending);
		}

	}

}
