package io.readerpulse.live;

import java.time.Duration;

import reactor.core.publisher.Flux;

import org.springframework.http.codec.ServerSentEvent;

/**
 * Heartbeat comments for event streams.
 */
final class Heartbeats {

	private Heartbeats() {
	}

	/**
	 * A comment line ({@code :}) every period. It keeps proxies from closing an idle stream, and a write to a
	 * reader who vanished fails here at the latest, which ends the stream and its count.
	 * @param period the time between two heartbeats
	 * @return the heartbeats, endless
	 */
	static Flux<ServerSentEvent<Object>> every(Duration period) {
		return Flux.interval(period, period).map((tick) -> ServerSentEvent.builder().comment("").build());
	}

}
