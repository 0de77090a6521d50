package io.readerpulse.live;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

/**
 * Server-sent event streams: a story's live events, any feature's board, and the response that carries
 * them through proxies.
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
	 * A story's stream: {@code stats}, {@code comment} and {@code comment-removed} (resumable with their ids),
	 * {@code reset}, and heartbeat comments; it ends when the story is removed.
	 * @param articleId the story
	 * @param lastEventId the last comment event the reader has, or {@code null} for live events only
	 * @return the events
	 */
	public Flux<ServerSentEvent<Object>> story(long articleId, @Nullable String lastEventId) {
		Sinks.Empty<Void> ended = Sinks.empty();
		return Flux.merge(1,
				this.topics.stream(articleId)
					.map((stats) -> ServerSentEvent.builder((Object) stats).event("stats").build())
					.doOnComplete(ended::tryEmitEmpty),
				this.comments.stream(articleId, lastEventId).map(LiveStreams::toEvent).takeUntilOther(ended.asMono()),
				Heartbeats.every(this.heartbeat).takeUntilOther(ended.asMono()));
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
		long delay = this.reconnectMillis + ThreadLocalRandom.current().nextLong(Math.max(1, this.busyMillis - this.reconnectMillis));
		ServerSentEvent<Object> later = ServerSentEvent.builder().retry(Duration.ofMillis(delay)).comment("busy, come back later").build();
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
		long delay = this.reconnectMillis + ThreadLocalRandom.current().nextLong(this.jitterMillis);
		ServerSentEvent.Builder<Object> builder = ServerSentEvent.builder().retry(Duration.ofMillis(delay));
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

	private static ServerSentEvent<Object> toEvent(CommentEvent event) {
		// Only replayable events carry an id, so the id a browser sends back always names one. Ids are
		// numbers the service made, so they hold no line breaks.
		ServerSentEvent.Builder<Object> builder = ServerSentEvent.builder((Object) event.data()).event(event.kind());
		return event.replayable() ? builder.id(Long.toString(event.seq())).build() : builder.build();
	}

}
