package io.readerpulse.reaction;

import reactor.core.publisher.Mono;

import io.readerpulse.live.Stats;
import io.readerpulse.trending.DecayCounters;
import io.readerpulse.trending.TrendingProperties;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Reactions in PostgreSQL. The counts per kind follow the rows through a trigger (see V5), so they are
 * exact whatever requests race; a new reaction also adds its weight to the story's trending counters, in
 * the same transaction.
 */
@Component
final class ReactionStore {

	private static final String COUNTS = """
			select r_like, r_love, r_haha, r_wow, r_sad, r_angry from article_stats where article_id = :article""";

	private static final String ADD_TRENDING = """
			with landmark as (select landmark from trending_landmark where id = 1 for share)
			update article_stats s
			set n_fast = s.n_fast + :weight * forward_decay_weight(:decayNow, landmark.landmark, :tauFast),
			    n_trend = s.n_trend + :weight * forward_decay_weight(:decayNow, landmark.landmark, :tauTrend),
			    n_base = s.n_base + :weight * forward_decay_weight(:decayNow, landmark.landmark, :tauBase)
			from landmark where s.article_id = :article""";

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final DecayCounters decay;

	private final double weight;

	ReactionStore(DatabaseClient database, TransactionalOperator transactions, DecayCounters decay,
			TrendingProperties trending) {
		this.database = database;
		this.transactions = transactions;
		this.decay = decay;
		this.weight = trending.reactionWeight();
	}

	/**
	 * Sets or switches the user's reaction; repeating it changes nothing.
	 * @return the story's counts after the change
	 */
	Mono<Stats.Reactions> set(long articleId, String userId, ReactionKind kind) {
		Mono<Boolean> created = this.database.sql("""
				insert into reaction (article_id, user_id, kind) values (:article, :user, :kind)
				on conflict (article_id, user_id) do update set kind = excluded.kind, updated_at = now()
				where reaction.kind <> excluded.kind
				returning (xmax = 0) as created""")
			.bind("article", articleId)
			.bind("user", userId)
			.bind("kind", kind.wire())
			.map((row) -> Boolean.TRUE.equals(row.get("created", Boolean.class)))
			.one()
			.defaultIfEmpty(false);
		Mono<Void> trending = Mono.defer(() -> this.decay.bind(this.database.sql(ADD_TRENDING))
			.bind("weight", this.weight)
			.bind("article", articleId)
			.then());
		return created.flatMap((isNew) -> isNew ? trending : Mono.empty())
			.then(counts(articleId))
			.as(this.transactions::transactional);
	}

	/**
	 * Removes the user's reaction, if any.
	 * @return the story's counts after the change
	 */
	Mono<Stats.Reactions> remove(long articleId, String userId) {
		return this.database.sql("delete from reaction where article_id = :article and user_id = :user")
			.bind("article", articleId)
			.bind("user", userId)
			.then()
			.then(counts(articleId))
			.as(this.transactions::transactional);
	}

	private Mono<Stats.Reactions> counts(long articleId) {
		return this.database.sql(COUNTS)
			.bind("article", articleId)
			.map((row) -> new Stats.Reactions(count(row.get("r_like", Long.class)), count(row.get("r_love", Long.class)),
					count(row.get("r_haha", Long.class)), count(row.get("r_wow", Long.class)),
					count(row.get("r_sad", Long.class)), count(row.get("r_angry", Long.class))))
			.one()
			.defaultIfEmpty(Stats.Reactions.NONE);
	}

	private static long count(Long value) {
		return (value != null) ? value : 0;
	}

}
