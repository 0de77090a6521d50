package io.readerpulse.trending;

import java.time.Instant;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Why each story is viral or not: the figures of the latest viral evaluation, with the flag's turn as
 * stored.
 * <p>
 * {@code viralSince} always comes from the stored row, the same row as the {@code viral} flag beside it, so
 * the two never disagree, and every instance (and one restarted since) tells the same moment. The rates,
 * velocity and z-score are this instance's latest evaluation, at most an evaluation interval old; a story
 * that evaluation did not look at (too quiet to be live) shows its counters now and a {@code null}
 * {@code zScore}, since no z-score was taken for it.
 */
@Component
public final class ViralFigures {

	private final DatabaseClient database;

	private final DecayCounters decay;

	private final ViralDetector detector;

	ViralFigures(DatabaseClient database, DecayCounters decay, ViralDetector detector) {
		this.database = database;
		this.decay = decay;
		this.detector = detector;
	}

	/**
	 * The figures behind a story's viral flag.
	 * @param articleId the story
	 * @return its figures, or empty if the story is unknown
	 */
	public Mono<Why> of(long articleId) {
		return this.database.sql("""
				select s.article_id, s.n_fast, s.n_trend, s.n_base, s.viral, s.viral_since, landmark.landmark
				from article_stats s cross join trending_landmark landmark
				where s.article_id = :id""")
			.bind("id", articleId)
			.map(this::of)
			.one();
	}

	/**
	 * The figures behind the viral flag of a row that a caller selected anyway, saving a query per story.
	 * @param row a row with the {@code article_stats} columns {@code article_id}, {@code n_fast},
	 * {@code n_trend}, {@code n_base}, {@code viral} and {@code viral_since}, and the {@code landmark}
	 * @return its figures
	 */
	public Why of(Readable row) {
		DecayCounters.Counters counters = this.decay.counters(row);
		Why evaluated = this.detector.evaluated(row.get("article_id", Long.class));
		Why why = (evaluated != null) ? evaluated : this.decay.why(counters, null, null);
		// Read beside the flag, and only with it: a turn an older release flipped off keeps no start.
		return why.withViralSince(counters.viral() ? row.get("viral_since", Instant.class) : null);
	}

}
