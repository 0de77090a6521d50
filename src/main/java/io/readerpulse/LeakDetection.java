package io.readerpulse;

import java.util.Properties;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak detection in a running service: off, unless the operator asks for it with Netty's own
 * system property ({@code -Dio.netty.leakDetection.level=simple}, or paranoid as the integration tests run).
 * <p>
 * At Netty's default level one buffer in 128 is tracked, and every duplicate of a tracked buffer is tracked
 * too, each with a stack trace taken when it is made and another when it is released. A live event is one
 * buffer shared by every stream, written as a duplicate per stream: one event in 128 to a story with ten
 * thousand readers took twenty thousand stack traces and reached its last reader about 150 ms late (measured
 * with every buffer tracked: 302 against 150 ms until the last of 10,000 streams). Leaks are what the tests'
 * paranoid detection is for.
 */
final class LeakDetection {

	private static final String LEVEL = "io.netty.leakDetection.level";

	// The older name of the same property, which Netty still reads.
	private static final String OLD_LEVEL = "io.netty.leakDetectionLevel";

	private LeakDetection() {
	}

	/**
	 * Turns the detection off unless a level was asked for.
	 * @param properties the JVM's system properties
	 * @return whether it was turned off
	 */
	static boolean offUnlessAsked(Properties properties) {
		if (properties.getProperty(LEVEL) != null || properties.getProperty(OLD_LEVEL) != null) {
			return false;
		}
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
		return true;
	}

}
