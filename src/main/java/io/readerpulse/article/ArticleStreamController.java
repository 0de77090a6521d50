package io.readerpulse.article;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.live.LiveStreams;

import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live stream of a story page, as server-sent events (see {@link LiveStreams#story}).
 */
@RestController
final class ArticleStreamController {

	private final ArticleDirectory directory;

	private final LiveStreams streams;

	ArticleStreamController(ArticleDirectory directory, LiveStreams streams) {
		this.directory = directory;
		this.streams = streams;
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
		// The story is resolved before the response starts, so an unknown one is a plain 404.
		return this.streams.admitted(() -> this.directory.requireIdOf(slug)
			.map((articleId) -> this.streams.respond(this.streams.story(articleId, lastEventId))));
	}

}
