package io.readerpulse.comment;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import io.readerpulse.web.DirectBodies;
import io.readerpulse.web.DirectRoutes;
import io.readerpulse.web.RouteTimings;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/articles/{slug}/comments} from a guest, answered by Reactor Netty itself, ahead of WebFlux.
 * <p>
 * On a viral story the comment form is the busiest write after the beacons, and every comment waits for its
 * author's answer before the story's open pages get it. The WebFlux exchange, its filters, the security chain
 * and annotated-controller dispatch cost a comment about 2 ms of core time, more than its database work (see
 * the README's benchmarks); a guest's comment uses none of them, so it skips them. A request that carries
 * credentials ({@code Authorization} or a cookie) is not taken here: it goes through the security chain to
 * {@link CommentController}, which checks a bearer token and refuses cross-site writes with credentials. Nor
 * is one whose path has escapes or a query (see {@link #takes}).
 * <p>
 * What the rest of the API does for every request is done here: the body limit, the cross-origin policy, the
 * security chain's response headers, the client's address through trusted proxies, the JSON codecs and bean
 * validation of {@code @Valid @RequestBody}, problem bodies for every refusal, and {@code http.server.requests}
 * timings (see {@link RouteTimings}).
 */
@Component
final class CommentRoute implements NettyRouteProvider {

	private static final String PREFIX = "/api/articles/";

	private static final String SUFFIX = "/comments";

	private final CommentService comments;

	private final DirectRoutes routes;

	private final DirectBodies bodies;

	private final RouteTimings timings;

	CommentRoute(CommentService comments, DirectRoutes routes, DirectBodies bodies, RouteTimings timings) {
		this.comments = comments;
		this.routes = routes;
		this.bodies = bodies;
		this.timings = timings;
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route(CommentRoute::isGuestComment, this.timings.timed(PREFIX + "{slug}" + SUFFIX, this::answer));
	}

	static boolean isGuestComment(HttpServerRequest request) {
		return takes(request.method(), request.uri(), request.requestHeaders().contains(HttpHeaderNames.AUTHORIZATION)
				|| request.requestHeaders().contains(HttpHeaderNames.COOKIE));
	}

	/**
	 * Whether the route answers a request, or leaves it to WebFlux.
	 * @param method the request's method
	 * @param uri the request's target, as sent
	 * @param credentials whether it carries credentials ({@code Authorization} or a cookie)
	 * @return {@code true} for a guest's comment on a plain slug; a slug with escapes or a query (which no
	 * comment form sends) goes to WebFlux, whose firewall and parameter checks then apply as to any request
	 */
	static boolean takes(HttpMethod method, String uri, boolean credentials) {
		return method == HttpMethod.POST && !credentials && uri.indexOf('%') < 0 && uri.indexOf(';') < 0
				&& uri.indexOf('?') < 0 && slugOf(uri) != null;
	}

	static @Nullable String slugOf(String path) {
		return DirectRoutes.segment(path, PREFIX, SUFFIX);
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		try {
			String slug = String.valueOf(slugOf(DirectRoutes.path(request)));
			DirectBodies.refuseDeclaredTooLarge(request);
			boolean admitted = this.routes.admitsOrigin(request, response);
			this.routes.secure(request, response);
			if (!admitted) {
				return this.routes.problem(request, response, DirectRoutes.forbiddenOrigin());
			}
			// A named type is checked before the body is read; without one, an empty body is refused as such.
			String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
			MediaType type = (contentType != null) ? this.bodies.readableType(contentType, PostCommentRequest.class) : null;
			String address = this.routes.clientAddress(request);
			return DirectBodies.receive(request)
				.map((body) -> this.bodies.readValid(body, type, PostCommentRequest.class))
				.flatMap((comment) -> this.comments.post(slug, comment, address))
				.flatMap((comment) -> created(response, slug, comment))
				// A failure once the answer has started (the client gone mid-write) has nobody left to tell.
				.onErrorResume((failure) -> response.hasSentHeaders() ? Mono.empty()
						: this.routes.problem(request, response, failure));
		}
		catch (RuntimeException ex) {
			// A refused length or media type, found before anything was read.
			return this.routes.problem(request, response, ex);
		}
	}

	private Mono<Void> created(HttpServerResponse response, String slug, Comment comment) {
		byte[] body = this.bodies.json(comment);
		return response.status(HttpResponseStatus.CREATED)
			.header(HttpHeaders.LOCATION, PREFIX + slug + SUFFIX + "/" + comment.id())
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length))
			.sendByteArray(Mono.just(body))
			.then();
	}

}
