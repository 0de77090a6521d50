package io.readerpulse.trending;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The figures behind a story's {@code viral} flag, as the viral evaluation (every
 * {@code pulse.trending.evaluate-interval}, 10 s by default) used them; {@link ViralFigures} gives them.
 * <p>
 * Rates are weighted engagements per hour (a view weighs 1, a reaction 2, a comment 4), like the trending
 * {@code score}: a forward-decay counter with time constant τ holds about rate × τ, so each rate is its
 * decayed counter divided by τ. A story the evaluation did not look at (too quiet to be live, hence not
 * viral) shows its counters now and no {@code zScore}.
 *
 * @param fastRate the rate over the fast window ({@code fast-half-life}, 10 minutes)
 * @param baselineRate the rate over the baseline window ({@code baseline-half-life}, 24 hours): the story's
 * normal level
 * @param velocity {@code (fastRate + velocityPrior) / (baselineRate + velocityPrior)} from the unrounded rates:
 * the figure the verdict compared with {@code viralVelocity} and {@code calmVelocity}
 * @param zScore the robust z-score of the story's fast rate among live stories that the verdict compared
 * with {@code outlierZ}, or {@code null} when the story was not evaluated
 * @param viralSince when the story turned viral, as stored beside the flag; {@code null} while it is not viral
 */
@Schema(description = "The figures behind `viral`, from the latest viral evaluation (every 10 s by default). "
		+ "Rates are weighted engagements per hour (a view 1, a reaction 2, a comment 4), like `score`.")
public record Why(
		@Schema(description = "Weighted engagements per hour over the fast window (10-minute half-life by "
				+ "default)", example = "1663.52") double fastRate,
		@Schema(description = "Weighted engagements per hour over the baseline window (24-hour half-life by "
				+ "default): the story's normal level", example = "11.55") double baselineRate,
		@Schema(description = "(fastRate + prior) / (baselineRate + prior), prior 30 by default: a story may "
				+ "turn viral from 3 and calms down below 1.5", example = "40.76") double velocity,
		@Schema(description = "Robust z-score of the fast rate among live stories (turning viral needs 3.5 "
				+ "when at least 3 stories are live); null when the story was too quiet to be evaluated",
				types = { "number", "null" }, format = "double", example = "18.2") @Nullable Double zScore,
		@Schema(description = "When the story turned viral (UTC, ISO 8601); null while it is not viral",
				types = { "string", "null" }, format = "date-time",
				example = "2026-05-04T09:12:30.125Z") @Nullable Instant viralSince) {

	/**
	 * The same figures with another moment of the turn.
	 * @param since when the story turned viral, or {@code null} if it is not viral
	 * @return the figures with {@code viralSince} replaced
	 */
	Why withViralSince(@Nullable Instant since) {
		return new Why(this.fastRate, this.baselineRate, this.velocity, this.zScore, since);
	}

}
