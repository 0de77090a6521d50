package io.readerpulse.live;

import java.time.Duration;

import reactor.core.publisher.Flux;

import org.springframework.http.codec.ServerSentEvent;

/**
 * Heartbeat comments for event streams.
 */
final class Heartbeats {

	/**
	 * How many parts the story streams' heartbeat period is cut into: one timer ticks this many times a period
	 * and each tick beats one part of the streams. Ten thousand readers then get 400 comment lines a second
	 * rather than ten thousand in one go, which would hold up a comment arriving in that moment by as long as
	 * a comment takes to reach them all.
	 */
	static final int SLICES = 25;

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

	/**
	 * Beats a stream if it is its turn at a tick of the story streams' heartbeat timer, which ticks every
	 * period divided by {@link #SLICES}: each stream's turn comes once a period.
	 * @param stream one of a story's streams, on its loop
	 * @param tick the timer's tick, counted from 0
	 */
	static void beat(EventStream stream, long tick) {
		// The identity hash is random and kept for the object's life, which is all a slice needs.
		if (Math.floorMod(System.identityHashCode(stream), SLICES) == (int) (tick % SLICES)) {
			stream.heartbeat();
		}
	}

}
