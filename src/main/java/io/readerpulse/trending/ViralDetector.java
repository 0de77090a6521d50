package io.readerpulse.trending;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.live.LiveChanges;
import io.readerpulse.live.Stats;
import io.readerpulse.live.WhileRunning;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Re-evaluates which stories are viral on a schedule, moving the {@link Landmark} first when it is due.
 * <p>
 * Every instance evaluates the same stored counters to the same verdict; the flags live in PostgreSQL so
 * that the hysteresis survives restarts and instances agree, and a story's turn is logged and counted only
 * by the instance whose update flipped it.
 */
@Component
final class ViralDetector extends WhileRunning {

	private static final Logger logger = LoggerFactory.getLogger(ViralDetector.class);

	// A story needs about this much decayed fast engagement to be looked at at all.
	private static final double LIVE = 0.5;

	private final DatabaseClient database;

	private final DecayCounters decay;

	private final Landmark landmark;

	private final TrendingProperties properties;

	private final LiveChanges live;

	private final Counter turnedViral;

	private final Counter calmedDown;

	ViralDetector(DatabaseClient database, DecayCounters decay, Landmark landmark, TrendingProperties properties, LiveChanges live,
			MeterRegistry meters) {
		this.database = database;
		this.decay = decay;
		this.landmark = landmark;
		this.properties = properties;
		this.live = live;
		this.turnedViral = meters.counter("pulse.trending.viral", "turn", "on");
		this.calmedDown = meters.counter("pulse.trending.viral", "turn", "off");
	}

	@Override
	public void start() {
		super.start();
		whileRunning(Flux.interval(this.properties.evaluateInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> this.landmark.move().then(evaluate())
				.onErrorResume((ex) -> {
					logger.warn("Viral evaluation failed; retrying on the next tick: {}", ex.getMessage());
					return Mono.empty();
				}), 1))
			.subscribe();
	}

	/**
	 * Evaluates every live story (and every viral one) and stores the flags that changed.
	 */
	Mono<Void> evaluate() {
		return this.decay.bindFast(this.database.sql("""
				select s.article_id, s.n_fast, s.n_trend, s.n_base, s.viral, landmark.landmark
				from article_stats s cross join trending_landmark landmark
				where s.viral or s.n_fast >= :live * forward_decay_weight(:decayNow, landmark.landmark, :tauFast)
				order by s.n_fast desc limit 5000"""))
			.bind("live", LIVE)
			.map((row) -> Live.of(row.get("article_id", Long.class), this.decay.counters(row), this.decay))
			.all()
			.collectList()
			.flatMap(this::judge);
	}

	private Mono<Void> judge(List<Live> stories) {
		double[] fastCounts = stories.stream().mapToDouble(Live::fast).toArray();
		double[] z = TrendingMath.robustZ(fastCounts);
		List<Long> turnOn = new ArrayList<>();
		List<Long> turnOff = new ArrayList<>();
		for (int i = 0; i < stories.size(); i++) {
			Live story = stories.get(i);
			boolean viral = TrendingMath.viral(story.figures().viral(), story.figures().velocity(), z[i], story.fast(),
					stories.size(), this.properties);
			if (viral != story.figures().viral()) {
				(viral ? turnOn : turnOff).add(story.articleId());
			}
			this.live.trendingChanged(story.articleId(),
					new Stats.Trending(story.figures().score(), story.figures().velocity(), viral));
		}
		return flip(turnOn, true).then(flip(turnOff, false));
	}

	private Mono<Void> flip(List<Long> articleIds, boolean viral) {
		if (articleIds.isEmpty()) {
			return Mono.empty();
		}
		return this.database.sql("""
				update article_stats s set viral = :viral from article a
				where a.id = s.article_id and s.article_id = any(:ids) and s.viral <> :viral
				returning a.slug""")
			.bind("viral", viral)
			.bind("ids", articleIds.toArray(Long[]::new))
			.map((row) -> row.get("slug", String.class))
			.all()
			.doOnNext((slug) -> {
				if (viral) {
					this.turnedViral.increment();
					logger.info("Story '{}' is going viral", slug);
				}
				else {
					this.calmedDown.increment();
					logger.info("Story '{}' is no longer viral", slug);
				}
			})
			.then();
	}

	private record Live(long articleId, double fast, Stats.Trending figures) {

		static Live of(long articleId, DecayCounters.Counters counters, DecayCounters decay) {
			return new Live(articleId, counters.fast(),
					decay.figures(counters.fast(), counters.trend(), counters.base(), counters.viral()));
		}

	}

}
