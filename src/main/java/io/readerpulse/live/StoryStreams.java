package io.readerpulse.live;

import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Story streams, sent straight to their connections below WebFlux: each open stream is an
 * {@link EventStream} in its story's stats topic and comment feed.
 */
@Component
public final class StoryStreams {

	private final StatsTopics topics;

	private final CommentFeed comments;

	private final StreamAdmission admission;

	private final ReconnectDelays delays;

	StoryStreams(StatsTopics topics, CommentFeed comments, StreamAdmission admission, ReconnectDelays delays) {
		this.topics = topics;
		this.comments = comments;
		this.admission = admission;
		this.delays = delays;
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
		return SseFrames.busy(this.delays.busy());
	}

	/**
	 * Sends a story's stream as the response: {@code stats}, {@code comment} and {@code comment-removed}
	 * (resumable with their ids), {@code reset}, and heartbeat comments; it ends when the story is removed or
	 * this instance stops. The stream writes shared, ready-made events straight to the connection (see
	 * {@link EventStream}), so an open stream costs little more than its connection.
	 * @param articleId the story
	 * @param lastEventId the last comment event the reader has, or {@code null} for live events only
	 * @param request the request, whose headers the stream does not read again
	 * @param response the response, not yet sent
	 * @return completion when the stream ends; an error before anything was sent if its stats cannot be read
	 */
	public Mono<Void> story(long articleId, @Nullable String lastEventId, HttpServerRequest request,
			HttpServerResponse response) {
		return Mono.defer(() -> {
			// Before the read, so that a write the read misses still reaches the story's first reader.
			Arrival arrival = this.topics.arrive(articleId);
			// A new reader's comment events start from the last one before its stats are read, not from when it
			// joins the story's feed after them: a comment published in between is counted in its first stats,
			// so it must come as an event too.
			String resumeAfter = (lastEventId != null && !lastEventId.isBlank()) ? lastEventId : null;
			Mono<Long> from = (resumeAfter != null) ? Mono.just(-1L) : this.comments.lastEvent(articleId);
			return from
				.flatMap((start) -> this.topics.initial(arrival)
					.flatMap((loaded) -> events(arrival, resumeAfter, start, request, response, loaded)))
				.doFinally((signal) -> this.topics.abandon(arrival));
		});
	}

	private Mono<Void> events(Arrival arrival, @Nullable String lastEventId, long from, HttpServerRequest request,
			HttpServerResponse response, Stats loaded) {
		Mono<Void> events = Mono.create((end) -> {
			boolean chunked = response.responseHeaders()
				.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
			if (chunked) {
				// The head is out. HTTP/1.1 only: over HTTP/2 Reactor Netty tells the protocol from the request's
				// headers until the end.
				AnsweredHeaders.forget(request.requestHeaders(), response.responseHeaders());
			}
			response.withConnection((connection) -> open(arrival, lastEventId, from, connection.channel(), chunked, loaded,
					end));
		});
		return streamHeaders(response).sendHeaders().then(events).then();
	}

	/**
	 * Answers a {@code HEAD} of a story's stream: the headers its {@code GET} would have, no body (Netty's
	 * encoder sends none in answer to a {@code HEAD}, whatever the framing) and no reader.
	 * @param response the response, not yet sent
	 * @return completion once it is sent
	 */
	public Mono<Void> head(HttpServerResponse response) {
		return streamHeaders(response).send().then();
	}

	private static HttpServerResponse streamHeaders(HttpServerResponse response) {
		if (response.version() == HttpVersion.HTTP_1_1) {
			// Chunks keep the connection for the reader's next request; without a length or chunks the
			// stream would be ended by closing the connection.
			response.header(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
		}
		return response.sse()
			.header(HttpHeaders.CACHE_CONTROL, "no-cache")
			// Tells nginx-style proxies not to buffer the stream.
			.header("X-Accel-Buffering", "no");
	}

	private void open(Arrival arrival, @Nullable String lastEventId, long from, Channel channel, boolean chunked,
			Stats loaded, MonoSink<Void> end) {
		long articleId = arrival.articleId;
		EventStream stream = new EventStream(channel, chunked, end, SseFrames.retry(this.delays.reconnect()));
		EventLoop loop = channel.eventLoop();
		// Opening and closing both run on the stream's loop, so a reader who leaves at once is never left behind.
		end.onDispose(() -> onLoop(loop, () -> {
			boolean joined = stream.joined;
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
			Stats stats = this.topics.join(arrival, stream, loaded);
			if (stats == null) {
				// The story went while the reader arrived: its stream ends as its topic's readers' did.
				stream.end();
				return;
			}
			ByteBuf first = this.topics.encode(stats);
			stream.joined = true;
			try {
				stream.first(stats, first);
			}
			finally {
				first.release();
			}
			this.comments.follow(articleId, lastEventId, from, stream)
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

}
