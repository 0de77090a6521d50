package io.readerpulse.article;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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

	@GetMapping("/api/articles/{slug}/stream")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> stream(@PathVariable String slug,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventHeader,
			@RequestParam(name = "lastEventId", required = false) @Nullable String lastEventParameter) {
		// The query parameter is for clients that cannot set headers; a browser's automatic reconnect sends
		// the header, which then wins.
		String lastEventId = (lastEventHeader != null) ? lastEventHeader : lastEventParameter;
		// The story is resolved before the response starts, so an unknown one is a plain 404.
		return this.directory.requireIdOf(slug)
			.map((articleId) -> this.streams.respond(this.streams.story(articleId, lastEventId)));
	}

}
