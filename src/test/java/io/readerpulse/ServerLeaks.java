package io.readerpulse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's leak detector for the tests (set with {@code -Dio.netty.customResourceLeakDetector}, see the
 * failsafe configuration): it reports as Netty does, and remembers every leak of the service's own side, so
 * that {@link IntegrationTest} can fail on it. Leaks of the tests' HTTP clients (responses whose body a
 * test does not read) are reported but not counted: they are not the service's.
 *
 * @param <T> the tracked resource type
 */
public final class ServerLeaks<T> extends ResourceLeakDetector<T> {

	private static final List<String> found = new CopyOnWriteArrayList<>();

	/**
	 * The detector Netty creates per resource type.
	 * @param resourceType the resource type
	 * @param samplingInterval how often a resource is tracked
	 */
	public ServerLeaks(Class<?> resourceType, int samplingInterval) {
		super(resourceType, samplingInterval);
	}

	/**
	 * The detector as older Netty code creates it.
	 * @param resourceType the resource type
	 * @param samplingInterval how often a resource is tracked
	 * @param maxActive unused, as in Netty's own detector
	 */
	public ServerLeaks(Class<?> resourceType, int samplingInterval, long maxActive) {
		this(resourceType, samplingInterval);
	}

	/**
	 * The leaks of the service's side found so far.
	 * @return their access records
	 */
	public static List<String> found() {
		return List.copyOf(found);
	}

	@Override
	protected void reportTracedLeak(String resourceType, String records) {
		super.reportTracedLeak(resourceType, records);
		if (records.contains("HttpServerCodec") || records.contains("HttpServerOperations")
				|| !(records.contains("HttpClientCodec") || records.contains("HttpClientOperations"))) {
			found.add(records);
		}
	}

}
