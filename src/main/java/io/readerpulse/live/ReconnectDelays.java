package io.readerpulse.live;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

/**
 * How long a client is told to wait before it reconnects: different for every client, so that when an
 * instance stops its readers come back spread over the jitter instead of all at once.
 */
@Component
final class ReconnectDelays {

	private final long reconnectMillis;

	private final long jitterMillis;

	private final long busyMillis;

	ReconnectDelays(LiveProperties properties) {
		this.reconnectMillis = properties.reconnectDelay().toMillis();
		this.jitterMillis = Math.max(1, properties.reconnectJitter().toMillis());
		this.busyMillis = properties.busyRetry().toMillis();
	}

	/**
	 * @return the delay a new stream announces: the reconnect delay plus a random part of the jitter
	 */
	long reconnect() {
		return this.reconnectMillis + ThreadLocalRandom.current().nextLong(this.jitterMillis);
	}

	/**
	 * @return the delay a "come back later" answer asks for: between the reconnect delay and the busy retry
	 */
	long busy() {
		return this.reconnectMillis + ThreadLocalRandom.current().nextLong(Math.max(1, this.busyMillis - this.reconnectMillis));
	}

}
