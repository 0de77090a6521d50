package io.readerpulse;

import java.util.Properties;

/**
 * Reactor Netty on the JDK's selector rather than Netty's native epoll transport, unless the operator asks
 * for one with Reactor Netty's own system property ({@code -Dreactor.netty.native=true}). The server's loops
 * cannot be chosen per server: Spring Boot hands it the shared loop resources when it starts, with that
 * property's choice.
 * <p>
 * Reactor Netty stops reading a keep-alive connection while it answers a request and reads again after it.
 * On epoll each is an {@code epoll_ctl} call, two per request; the JDK's selector folds a change and its undo
 * between two selects into none. A beacon is a small request on a keep-alive connection, so those calls were
 * a large share of it: two processes alternating on one core (README, "Benchmarks") answered 10-26 % more
 * beacons on the JDK transport in every round, and 11-87 % more with ten thousand streams open, for about
 * 0.5 KB more heap per open stream.
 */
final class JdkTransport {

	static final String NATIVE = "reactor.netty.native";

	private JdkTransport() {
	}

	/**
	 * Chooses the JDK transport unless a choice was made; before any Reactor Netty class is loaded, which reads
	 * the property once.
	 * @param properties the JVM's system properties
	 * @return whether it chose
	 */
	static boolean unlessAsked(Properties properties) {
		if (properties.getProperty(NATIVE) != null) {
			return false;
		}
		properties.setProperty(NATIVE, "false");
		return true;
	}

}
