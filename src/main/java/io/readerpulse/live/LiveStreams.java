package io.readerpulse.live;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

/**
 * Server-sent event streams: a story's live events, sent straight to its connection, and any feature's
 * board, through WebFlux with the response that carries it through proxies.
 */
@Component
public final class LiveStreams {

	private final StatsTopics topics;

	private final CommentFeed comments;

	private final Duration heartbeat;

	private final long reconnectMillis;

	private final long jitterMillis;

	private final long busyMillis;

	private final StreamAdmission admission;

	LiveStreams(StatsTopics topics, CommentFeed comments, LiveProperties properties, StreamAdmission admission) {
		this.admission = admission;
		this.busyMillis = properties.busyRetry().toMillis();
		this.topics = topics;
		this.comments = comments;
		this.heartbeat = properties.heartbeat();
		this.reconnectMillis = properties.reconnectDelay().toMillis();
		this.jitterMillis = Math.max(1, properties.reconnectJitter().toMillis());
	}

	/**
	 * Whether a new stream may open now (see {@link StreamAdmission}); if not, answer it with {@link #busy()}.
	 * @return {@code true} if it may
	 */
	public boolean admit() {
		return this.admission.admit();
	}

	/**
	 * The whole body of a "come back later" answer: a {@code retry:} between the reconnect delay and the busy
	 * retry, a comment, and the end, so the client reconnects later, here or elsewhere.
	 * @return the body
	 */
	public String busy() {
		return SseFrames.busy(busyDelay());
	}

	/**
	 * Sends a story's stream as the response: {@code stats}, {@code comment} and {@code comment-removed}
	 * (resumable with their ids), {@code reset}, and heartbeat comments; it ends when the story is removed or
	 * this instance stops. The stream writes shared, ready-made events straight to the connection (see
	 * {@link EventStream}), so an open stream costs little more than its connection.
	 * @param articleId the story
	 * @param lastEventId the last comment event the reader has, or {@code null} for live events only
	 * @param response the response, not yet sent
	 * @return completion when the stream ends; an error before anything was sent if its stats cannot be read
	 */
	public Mono<Void> story(long articleId, @Nullable String lastEventId, HttpServerResponse response) {
		return this.topics.initial(articleId).flatMap((loaded) -> {
			Mono<Void> events = Mono.create((end) -> {
				boolean chunked = response.responseHeaders()
					.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
				response.withConnection((connection) -> open(articleId, lastEventId, connection.channel(), chunked, loaded, end));
			});
			if (response.version() == HttpVersion.HTTP_1_1) {
				// Chunks keep the connection for the reader's next request; without a length or chunks the
				// stream would be ended by closing the connection.
				response.header(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
			}
			return response.sse()
				.header(HttpHeaders.CACHE_CONTROL, "no-cache")
				// Tells nginx-style proxies not to buffer the stream.
				.header("X-Accel-Buffering", "no")
				.sendHeaders()
				.then(events)
				.then();
		});
	}

	private void open(long articleId, @Nullable String lastEventId, Channel channel, boolean chunked, Stats loaded,
			MonoSink<Void> end) {
		EventStream stream = new EventStream(channel, chunked, end, SseFrames.retry(reconnectDelay()));
		EventLoop loop = channel.eventLoop();
		// Opening and closing both run on the stream's loop, so a reader who leaves at once is never left behind.
		end.onDispose(() -> onLoop(loop, () -> {
			boolean joined = stream.joined();
			stream.release();
			if (joined) {
				this.topics.leave(articleId, stream);
				this.comments.leave(articleId, stream);
			}
		}));
		onLoop(loop, () -> {
			if (stream.ended()) {
				return;
			}
			Stats stats = this.topics.join(articleId, stream, loaded);
			ByteBuf first = this.topics.encode(stats);
			stream.joined(true);
			try {
				stream.first(stats, first);
			}
			finally {
				first.release();
			}
			this.comments.follow(articleId, lastEventId, stream)
				.subscribe(null, (ex) -> onLoop(loop, stream::end));
		});
	}

	private static void onLoop(EventLoop loop, Runnable task) {
		if (loop.inEventLoop()) {
			task.run();
		}
		else {
			try {
				loop.execute(task);
			}
			catch (RejectedExecutionException ex) {
				// Shutting down: the connection goes with its loop.
			}
		}
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
		ServerSentEvent<Object> later = ServerSentEvent.builder().retry(Duration.ofMillis(busyDelay()))
			.comment("busy, come back later")
			.build();
		return Mono.just(ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			.header("X-Accel-Buffering", "no")
			.body(Flux.just(later)));
	}

	/**
	 * The response for an event stream: never cached, never buffered by a proxy.
	 * @param events the events
	 * @return the response
	 */
	public ResponseEntity<Flux<ServerSentEvent<Object>>> respond(Flux<ServerSentEvent<Object>> events) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			// Tells nginx-style proxies not to buffer the stream.
			.header("X-Accel-Buffering", "no")
			.body(events.index((index, event) -> (index == 0) ? withReconnectDelay(event) : event));
	}

	/**
	 * The first event tells the client how long to wait before it reconnects, different for every client:
	 * when an instance stops, its readers come back spread over the jitter instead of all at once.
	 */
	private ServerSentEvent<Object> withReconnectDelay(ServerSentEvent<Object> event) {
		ServerSentEvent.Builder<Object> builder = ServerSentEvent.builder().retry(Duration.ofMillis(reconnectDelay()));
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

	private long reconnectDelay() {
		return this.reconnectMillis + ThreadLocalRandom.current().nextLong(this.jitterMillis);
	}

	private long busyDelay() {
		return this.reconnectMillis + ThreadLocalRandom.current().nextLong(Math.max(1, this.busyMillis - this.reconnectMillis));
	}

}
