package io.readerpulse.live;

import java.time.Duration;
import java.util.function.Supplier;

import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Server-sent event streams of features' boards, through WebFlux, with the response that carries them through
 * proxies (story streams are {@link StoryStreams}).
 */
@Component
public final class LiveStreams {

	private final Duration heartbeat;

	private final StreamAdmission admission;

	private final ReconnectDelays delays;

	LiveStreams(LiveProperties properties, StreamAdmission admission, ReconnectDelays delays) {
		this.heartbeat = properties.heartbeat();
		this.admission = admission;
		this.delays = delays;
	}

	/**
	 * Values as named events, with heartbeat comments in between; endless.
	 * @param event the event name
	 * @param values the values
	 * @param <T> the value type
	 * @return the events
	 */
	public <T> Flux<ServerSentEvent<Object>> named(String event, Flux<T> values) {
		return Flux.merge(1, values.map((value) -> ServerSentEvent.builder((Object) value).event(event).build()),
				Heartbeats.every(this.heartbeat));
	}

	/**
	 * Opens a stream, or answers "come back later" when this instance is not ready or opens too many at once
	 * (see {@link StreamAdmission}): a {@code retry:} between the reconnect delay and the busy retry, a
	 * comment, and the end, so the client reconnects later, here or elsewhere.
	 * @param open what the stream is, built only if it is admitted
	 * @return the response
	 */
	public Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> admitted(
			Supplier<Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>>> open) {
		if (this.admission.admit()) {
			return Mono.defer(open);
		}
		ServerSentEvent<Object> later = ServerSentEvent.builder().retry(Duration.ofMillis(this.delays.busy()))
			.comment("busy, come back later")
			.build();
		return Mono.just(ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			.header("X-Accel-Buffering", "no")
			.body(Flux.just(later)));
	}

	/**
	 * The response for an event stream: never cached, never buffered by a proxy. Its events are handed to
	 * the writer on the connection's own event loop, where the connection also closes: an event encoded on
	 * another thread (a database driver's, a timer's) while the client went away was seen to be dropped
	 * without its buffer being released.
	 * @param exchange the request's exchange
	 * @param events the events
	 * @return the response
	 */
	public ResponseEntity<Flux<ServerSentEvent<Object>>> respond(ServerWebExchange exchange,
			Flux<ServerSentEvent<Object>> events) {
		Flux<ServerSentEvent<Object>> body = events.index((index, event) -> (index == 0) ? withReconnectDelay(event) : event);
		EventLoop loop = loopOf(exchange.getResponse());
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			// Tells nginx-style proxies not to buffer the stream.
			.header("X-Accel-Buffering", "no")
			.body((loop != null) ? body.publishOn(Schedulers.fromExecutor(loop), 16) : body);
	}

	private static @Nullable EventLoop loopOf(ServerHttpResponse response) {
		Object connection = ServerHttpResponseDecorator.getNativeResponse(response);
		return (connection instanceof Connection netty) ? netty.channel().eventLoop() : null;
	}

	/**
	 * The first event tells the client how long to wait before it reconnects, different for every client:
	 * when an instance stops, its readers come back spread over the jitter instead of all at once.
	 */
	private ServerSentEvent<Object> withReconnectDelay(ServerSentEvent<Object> event) {
		ServerSentEvent.Builder<Object> builder = ServerSentEvent.builder().retry(Duration.ofMillis(this.delays.reconnect()));
		if (event.data() != null) {
			builder.data(event.data());
		}
		if (event.event() != null) {
			builder.event(event.event());
		}
		if (event.id() != null) {
			builder.id(event.id());
		}
		if (event.comment() != null) {
			builder.comment(event.comment());
		}
		return builder.build();
	}

}
