package io.readerpulse.trending;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
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
 * Every instance evaluates the same stored counters to the same verdict; the flags live in PostgreSQL, with
 * the moment each story turned, so that the hysteresis survives restarts and instances agree, and a story's
 * turn is logged, counted and timed only by the instance whose update flipped it. The figures each verdict
 * was drawn from are kept until the next evaluation, for {@link ViralFigures} to show.
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

	// Replaced whole after each evaluation, so a reader sees one evaluation's figures, never a mix.
	private volatile Map<Long, Why> evaluated = Map.of();

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
	 * The figures the latest evaluation used for a story.
	 * @param articleId the story
	 * @return its figures, or {@code null} if the latest evaluation did not look at it (not live)
	 */
	@Nullable Why evaluated(long articleId) {
		return this.evaluated.get(articleId);
	}

	/**
	 * Evaluates every live story (and every viral one) and stores the flags that changed.
	 */
	Mono<Void> evaluate() {
		// PostgreSQL keeps microseconds: the turn this instance remembers is the one it stores.
		Instant now = this.decay.now().truncatedTo(ChronoUnit.MICROS);
		return this.decay.bindFast(this.database.sql("""
				select s.article_id, s.n_fast, s.n_trend, s.n_base, s.viral, s.viral_since, landmark.landmark
				from article_stats s cross join trending_landmark landmark
				where s.viral or s.n_fast >= :live * forward_decay_weight(:decayNow, landmark.landmark, :tauFast)
				order by s.n_fast desc limit 5000"""))
			.bind("live", LIVE)
			.map((row) -> new Live(row.get("article_id", Long.class), this.decay.counters(row),
					row.get("viral_since", Instant.class)))
			.all()
			.collectList()
			.flatMap((stories) -> judge(stories, now));
	}

	private Mono<Void> judge(List<Live> stories, Instant now) {
		double[] z = TrendingMath.robustZ(stories.stream().mapToDouble((story) -> story.counters().fast()).toArray());
		Map<Long, Why> figures = new HashMap<>();
		List<Long> turnOn = new ArrayList<>();
		List<Long> turnOff = new ArrayList<>();
		for (int i = 0; i < stories.size(); i++) {
			Live story = stories.get(i);
			boolean was = story.counters().viral();
			// Rounded before the verdict, like the velocity, so that the figure shown is the figure judged.
			double zScore = DecayCounters.round(z[i]);
			Why why = this.decay.why(story.counters(), zScore, null);
			boolean viral = TrendingMath.viral(was, why.velocity(), zScore, story.counters().fast(), stories.size(),
					this.properties);
			if (viral != was) {
				(viral ? turnOn : turnOff).add(story.articleId());
			}
			figures.put(story.articleId(), why.withViralSince(viral ? (was ? story.viralSince() : now) : null));
			Stats.Trending trending = this.decay.figures(story.counters().fast(), story.counters().trend(),
					story.counters().base(), viral);
			this.live.trendingChanged(story.articleId(), trending);
		}
		return flip(turnOn, true, now).then(flip(turnOff, false, now))
			.then(Mono.fromRunnable(() -> this.evaluated = Map.copyOf(figures)));
	}

	private Mono<Void> flip(List<Long> articleIds, boolean viral, Instant now) {
		if (articleIds.isEmpty()) {
			return Mono.empty();
		}
		// Only the update that flips a story sets or clears its turn: an instance that finds it flipped
		// already leaves the first instance's moment.
		return this.database.sql("""
				update article_stats s set viral = :viral,
				    viral_since = case when :viral then cast(:now as timestamptz) end
				from article a
				where a.id = s.article_id and s.article_id = any(:ids) and s.viral <> :viral
				returning a.slug""")
			.bind("viral", viral)
			.bind("now", now)
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

	private record Live(long articleId, DecayCounters.Counters counters, @Nullable Instant viralSince) {
	}

}
