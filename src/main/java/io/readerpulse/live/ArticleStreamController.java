package io.readerpulse.live;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.web.NotFoundException;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live stream of an article page: {@code stats} events and heartbeat comments, as server-sent events.
 */
@RestController
final class ArticleStreamController {

	private final ArticleDirectory directory;

	private final StatsHub hub;

	private final Duration heartbeat;

	ArticleStreamController(ArticleDirectory directory, StatsHub hub, LiveProperties properties) {
		this.directory = directory;
		this.hub = hub;
		this.heartbeat = properties.heartbeat();
	}

	@GetMapping("/api/articles/{slug}/stream")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> stream(@PathVariable String slug) {
		// The article is resolved before the response starts, so an unknown one is a plain 404.
		return this.directory.idOf(slug)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("No article '" + slug + "'.")))
			.map((articleId) -> ResponseEntity.ok()
				.cacheControl(CacheControl.noCache())
				// Tells nginx-style proxies not to buffer the stream.
				.header("X-Accel-Buffering", "no")
				.body(events(articleId)));
	}

	private Flux<ServerSentEvent<Object>> events(long articleId) {
		// The stats stream ends when the article is deleted; the heartbeats end with it.
		Sinks.Empty<Void> ended = Sinks.empty();
		return Flux.merge(1, stats(articleId).doOnComplete(ended::tryEmitEmpty),
				Heartbeats.every(this.heartbeat).takeUntilOther(ended.asMono()));
	}

	private Flux<ServerSentEvent<Object>> stats(long articleId) {
		return this.hub.stream(articleId).map((stats) -> ServerSentEvent.builder((Object) stats).event("stats").build());
	}

}
