package io.readerpulse.trending;

import java.time.Duration;
import java.util.Arrays;

/**
 * The arithmetic of trending, free of I/O so that it can be checked with any clock.
 * <p>
 * A forward-decay counter with time constant τ holds N = Σ w·exp((tᵢ − L)/τ) for a landmark L. Its value
 * decayed to time t is C(t) = N·exp((L − t)/τ) = Σ w·exp(−(t − tᵢ)/τ), and C/τ estimates the recent rate
 * of weighted engagement (a steady rate r gives C → r·τ).
 */
public final class TrendingMath {

	private static final double SECONDS_PER_HOUR = 3600;

	// Scales the median absolute deviation to the standard deviation of a normal distribution.
	private static final double MAD_SCALE = 0.6745;

	// Scales the mean absolute deviation likewise, used when more than half the values are equal.
	private static final double MEAN_AD_SCALE = 0.7979;

	private TrendingMath() {
	}

	/**
	 * The time constant τ for a half-life.
	 * @param halfLife the half-life
	 * @return τ in seconds
	 */
	public static double tauSeconds(Duration halfLife) {
		return halfLife.toMillis() / 1000.0 / Math.log(2);
	}

	/**
	 * A counter's value decayed to a time.
	 * @param stored the stored counter N
	 * @param secondsSinceLandmark t − L in seconds
	 * @param tauSeconds τ
	 * @return C(t)
	 */
	public static double decayed(double stored, double secondsSinceLandmark, double tauSeconds) {
		// Held within the range the counters are written with (forward_decay_weight, V8), so that a clock
		// that jumped back cannot make a figure infinite.
		return stored * Math.exp(Math.min(Math.max(-secondsSinceLandmark / tauSeconds, -700), 300));
	}

	/**
	 * What one engagement adds to a stored counter.
	 * @param weight the engagement's weight
	 * @param secondsSinceLandmark its time minus the landmark, in seconds
	 * @param tauSeconds τ
	 * @return w·exp((t − L)/τ)
	 */
	public static double increment(double weight, double secondsSinceLandmark, double tauSeconds) {
		return weight * Math.exp(secondsSinceLandmark / tauSeconds);
	}

	/**
	 * The recent rate a decayed counter stands for.
	 * @param decayed C(t)
	 * @param tauSeconds τ
	 * @return weighted engagements per hour
	 */
	public static double ratePerHour(double decayed, double tauSeconds) {
		return decayed / tauSeconds * SECONDS_PER_HOUR;
	}

	/**
	 * How fast a story is going compared with its own normal level.
	 * @param fastRate the fast rate, per hour
	 * @param baselineRate the baseline rate, per hour
	 * @param prior the smoothing prior, per hour
	 * @return (fast + prior) / (baseline + prior)
	 */
	public static double velocity(double fastRate, double baselineRate, double prior) {
		return (fastRate + prior) / (baselineRate + prior);
	}

	/**
	 * Robust z-scores: how far each value lies from the median, in units of the median absolute deviation
	 * (Iglewicz and Hoaglin). When more than half the values are equal the MAD is zero and the mean absolute
	 * deviation stands in; when all are equal every score is zero.
	 * @param values the values
	 * @return one score per value, in the same order
	 */
	public static double[] robustZ(double[] values) {
		double[] scores = new double[values.length];
		if (values.length == 0) {
			return scores;
		}
		double median = median(values.clone());
		double[] deviations = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			deviations[i] = Math.abs(values[i] - median);
		}
		double mad = median(deviations.clone());
		double scale;
		if (mad > 0) {
			scale = mad / MAD_SCALE;
		}
		else {
			double meanAd = Arrays.stream(deviations).average().orElse(0);
			scale = (meanAd > 0) ? meanAd / MEAN_AD_SCALE : 0;
		}
		for (int i = 0; i < values.length; i++) {
			scores[i] = (scale > 0) ? (values[i] - median) / scale : 0;
		}
		return scores;
	}

	/**
	 * Whether a story is viral after this evaluation, with hysteresis: it turns viral when fast enough,
	 * an outlier and widely read, and stays viral until its velocity falls below the calm level.
	 * @param wasViral whether it was viral before
	 * @param velocity its velocity
	 * @param z its robust z-score among live stories
	 * @param fastCount its decayed fast counter
	 * @param peers the number of live stories the z-score was taken over
	 * @param properties the thresholds
	 * @return whether it is viral now
	 */
	public static boolean viral(boolean wasViral, double velocity, double z, double fastCount, int peers,
			TrendingProperties properties) {
		if (wasViral) {
			return velocity >= properties.calmVelocity();
		}
		boolean outlier = peers < properties.minPeers() || z >= properties.outlierZ();
		return velocity >= properties.viralVelocity() && outlier && fastCount >= properties.minAudience();
	}

	private static double median(double[] values) {
		Arrays.sort(values);
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

}
