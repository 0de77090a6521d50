package io.readerpulse.live;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.comment.CommentStore.CommentEvent;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live stream of an article page, as server-sent events: {@code stats}, {@code comment},
 * {@code comment-removed} (resumable with {@code Last-Event-ID}), {@code reset} and heartbeat comments.
 */
@RestController
final class ArticleStreamController {

	private final ArticleDirectory directory;

	private final StatsHub hub;

	private final CommentFeed comments;

	private final Duration heartbeat;

	ArticleStreamController(ArticleDirectory directory, StatsHub hub, CommentFeed comments,
			LiveProperties properties) {
		this.directory = directory;
		this.hub = hub;
		this.comments = comments;
		this.heartbeat = properties.heartbeat();
	}

	@Operation(operationId = "streamArticle", summary = "Follow a story live (server-sent events)", tags = "live",
			description = "Events: stats, comment, comment-removed, reset, and heartbeat comments. Resume with "
					+ "Last-Event-ID (or lastEventId).")
	@ApiResponse(responseCode = "200", description = "The story's events",
			content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/api/articles/{slug}/stream")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> stream(@PathVariable String slug,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventHeader,
			@RequestParam(name = "lastEventId", required = false) @Nullable String lastEventParameter) {
		// The query parameter is for clients that cannot set headers; a browser's automatic reconnect sends
		// the header, which then wins.
		String lastEventId = (lastEventHeader != null) ? lastEventHeader : lastEventParameter;
		// The article is resolved before the response starts, so an unknown one is a plain 404.
		return this.directory.requireIdOf(slug)
			.map((articleId) -> ResponseEntity.ok()
				.cacheControl(CacheControl.noCache())
				// Tells nginx-style proxies not to buffer the stream.
				.header("X-Accel-Buffering", "no")
				.body(events(articleId, lastEventId)));
	}

	private Flux<ServerSentEvent<Object>> events(long articleId, @Nullable String lastEventId) {
		// The stats stream ends when the article is deleted; the comment events and heartbeats end with it.
		Sinks.Empty<Void> ended = Sinks.empty();
		return Flux.merge(1, stats(articleId).doOnComplete(ended::tryEmitEmpty),
				this.comments.stream(articleId, lastEventId).map(ArticleStreamController::toEvent)
					.takeUntilOther(ended.asMono()),
				Heartbeats.every(this.heartbeat).takeUntilOther(ended.asMono()));
	}

	private static ServerSentEvent<Object> toEvent(CommentEvent event) {
		// Only replayable events carry an id, so the id a browser sends back always names one. Ids are
		// numbers the service made, so they hold no line breaks.
		ServerSentEvent.Builder<Object> builder = ServerSentEvent.builder((Object) event.data()).event(event.kind());
		return "reset".equals(event.kind()) ? builder.build() : builder.id(Long.toString(event.seq())).build();
	}

	private Flux<ServerSentEvent<Object>> stats(long articleId) {
		return this.hub.stream(articleId).map((stats) -> ServerSentEvent.builder((Object) stats).event("stats").build());
	}

}
