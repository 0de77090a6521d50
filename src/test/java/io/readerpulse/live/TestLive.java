package io.readerpulse.live;

import java.time.Duration;

/**
 * Live settings as the tests use them: the defaults but for the stats tick, and no limit on stream opens.
 */
final class TestLive {

	private TestLive() {
	}

	static LiveProperties properties(Duration statsInterval) {
		return new LiveProperties(statsInterval, Duration.ofSeconds(25), Duration.ofSeconds(2), Duration.ofSeconds(10), 0,
				Duration.ofSeconds(30));
	}

}
