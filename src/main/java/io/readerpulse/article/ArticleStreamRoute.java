package io.readerpulse.article;

import java.util.List;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import io.readerpulse.live.StoryStreams;
import io.readerpulse.web.DirectRoutes;
import io.readerpulse.web.RouteTimings;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/articles/{slug}/stream}, the live stream of a story page, answered by Reactor Netty itself,
 * ahead of WebFlux (see {@link StoryStreams#story}).
 * <p>
 * When a story goes viral every reader holds one open, so its cost is counted in memory per reader and in
 * the time one event takes to reach all of them: a WebFlux exchange, its filters and an encoder per stream
 * are what the route saves. It is public, like every stream; the cross-origin policy, the admission of new
 * streams and problem bodies for an unknown story apply as before.
 */
@Component
final class ArticleStreamRoute implements NettyRouteProvider {

	private static final String PREFIX = "/api/articles/";

	private static final String SUFFIX = "/stream";

	private final ArticleDirectory directory;

	private final StoryStreams streams;

	private final DirectRoutes routes;

	private final RouteTimings timings;

	ArticleStreamRoute(ArticleDirectory directory, StoryStreams streams, DirectRoutes routes, RouteTimings timings) {
		this.directory = directory;
		this.streams = streams;
		this.routes = routes;
		this.timings = timings;
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route((request) -> (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD)
				&& slugOf(DirectRoutes.path(request)) != null, this.timings.timed(PREFIX + "{slug}" + SUFFIX, this::answer));
	}

	/**
	 * The slug of a stream path, decoded, or {@code null} if the path is not one.
	 */
	static @Nullable String slugOf(String path) {
		return DirectRoutes.segment(path, PREFIX, SUFFIX);
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		return Mono.defer(() -> {
			if (!this.routes.admitsOrigin(request, response)) {
				return Mono.error(DirectRoutes.forbiddenOrigin());
			}
			if (request.method() == HttpMethod.HEAD) {
				// Headers only: no stream opens, so it takes nothing from the admission of new ones.
				return this.directory.requireIdOf(String.valueOf(slugOf(DirectRoutes.path(request))))
					.flatMap((articleId) -> this.streams.head(response));
			}
			if (!this.streams.admit()) {
				return response.sse().header(HttpHeaders.CACHE_CONTROL, "no-cache").sendString(Mono.just(this.streams.busy())).then();
			}
			String slug = String.valueOf(slugOf(DirectRoutes.path(request)));
			String lastEventId = lastEventId(request);
			// The story is resolved before the response starts, so an unknown one is a plain 404.
			return this.directory.requireIdOf(slug).flatMap((articleId) -> this.streams.story(articleId, lastEventId, request, response));
		}).onErrorResume((failure) -> response.hasSentHeaders() ? Mono.empty() : this.routes.problem(request, response, failure));
	}

	/**
	 * A browser's automatic reconnect sends the header, which wins; the query parameter is for clients that
	 * cannot set headers.
	 */
	private static @Nullable String lastEventId(HttpServerRequest request) {
		String header = request.requestHeaders().get("Last-Event-ID");
		if (header != null) {
			return header;
		}
		List<String> parameter = new QueryStringDecoder(request.uri()).parameters().get("lastEventId");
		return (parameter != null && !parameter.isEmpty()) ? parameter.get(0) : null;
	}

}
