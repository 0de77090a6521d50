package io.readerpulse.trending;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trending and viral detection ({@code pulse.trending.*}).
 *
 * @param fastHalfLife half-life of the fast counter: what is happening right now
 * @param trendHalfLife half-life of the trending counter, whose rate is the {@code score}
 * @param baselineHalfLife half-life of the baseline counter: a story's normal level
 * @param viewWeight weight of a counted view
 * @param reactionWeight weight of a reaction
 * @param commentWeight weight of a published comment
 * @param velocityPrior weighted engagements per hour added to both rates of {@code velocity}, so that a
 * handful of views on a new story cannot make it spike
 * @param viralVelocity velocity at which a story may turn viral
 * @param calmVelocity velocity below which a viral story stops being viral
 * @param outlierZ robust z-score (median/MAD of the fast rates of live stories) a viral story must reach
 * @param minAudience decayed weighted engagements in the fast window a viral story must have
 * @param minPeers live stories needed to judge an outlier; with fewer the outlier test is waived
 * @param evaluateInterval how often viral flags are re-evaluated
 * @param boardInterval the shortest time between two {@code trending} events
 * @param rebaseAfter how far the landmark may fall behind before it is moved (and counters rescaled)
 */
@ConfigurationProperties("pulse.trending")
public record TrendingProperties(@DefaultValue("10m") Duration fastHalfLife, @DefaultValue("1h") Duration trendHalfLife,
		@DefaultValue("24h") Duration baselineHalfLife, @DefaultValue("1") double viewWeight,
		@DefaultValue("2") double reactionWeight, @DefaultValue("4") double commentWeight,
		@DefaultValue("30") double velocityPrior, @DefaultValue("3") double viralVelocity,
		@DefaultValue("1.5") double calmVelocity, @DefaultValue("3.5") double outlierZ,
		@DefaultValue("50") double minAudience, @DefaultValue("3") int minPeers,
		@DefaultValue("10s") Duration evaluateInterval, @DefaultValue("1s") Duration boardInterval,
		@DefaultValue("24h") Duration rebaseAfter) {
}
