package io.readerpulse.view;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import io.readerpulse.web.DirectBodies;
import io.readerpulse.web.DirectRoutes;
import io.readerpulse.web.RouteTimings;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/articles/{slug}/views} and {@code /pings}, answered by Reactor Netty itself, ahead of
 * WebFlux.
 * <p>
 * When a story goes viral every reader sends a view and a ping every 15 seconds, so these carry most of the
 * traffic. They are public, carry no credentials and answer 202 with no body, so they skip everything they
 * would not use: the WebFlux exchange and its filters, the security chain, request observation and
 * annotated-controller dispatch, which together cost more than half of a beacon's time (see the README's
 * benchmarks). What the rest of the API does for every request they do here: the 16 KiB body limit, the
 * cross-origin policy and {@code nosniff}, the client's address through trusted proxies, and problem bodies
 * for every refusal. They are timed as {@code http.server.requests} (see {@link RouteTimings}), and counted
 * by the {@code pulse_views_*} and {@code pulse_pings_*} counters.
 */
@Component
final class BeaconRoute implements NettyRouteProvider {

	private static final String PREFIX = "/api/articles/";

	private static final HttpResponseStatus ACCEPTED = HttpResponseStatus.ACCEPTED;

	private static final AsciiString ZERO = AsciiString.cached("0");

	private final Beacons beacons;

	private final DirectRoutes routes;

	private final RouteTimings timings;

	BeaconRoute(Beacons beacons, DirectRoutes routes, RouteTimings timings) {
		this.beacons = beacons;
		this.routes = routes;
		this.timings = timings;
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes
			.route((request) -> isBeacon(request) && DirectRoutes.path(request).endsWith("/views"),
					this.timings.timed(PREFIX + "{slug}/views", this::answer))
			.route(BeaconRoute::isBeacon, this.timings.timed(PREFIX + "{slug}/pings", this::answer));
	}

	static boolean isBeacon(HttpServerRequest request) {
		return request.method() == HttpMethod.POST && slugOf(DirectRoutes.path(request)) != null;
	}

	/**
	 * The slug of a beacon path, decoded, or {@code null} if the path is not one.
	 */
	static @Nullable String slugOf(String path) {
		String slug = DirectRoutes.segment(path, PREFIX, "/views");
		return (slug != null) ? slug : DirectRoutes.segment(path, PREFIX, "/pings");
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		try {
			String path = DirectRoutes.path(request);
			String slug = String.valueOf(slugOf(path));
			boolean ping = path.endsWith("/pings");
			if (!this.routes.admitsOrigin(request, response)) {
				return this.routes.problem(request, response, DirectRoutes.forbiddenOrigin());
			}
			DirectBodies.refuseDeclaredTooLarge(request);
			HttpHeaders headers = request.requestHeaders();
			String declared = headers.get(HttpHeaderNames.CONTENT_LENGTH);
			String address = this.routes.clientAddress(request);
			String visitorHeader = headers.get("X-Visitor-Id");
			String userAgent = headers.get(HttpHeaderNames.USER_AGENT);
			if ((declared == null || "0".equals(declared)) && !headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
				// No body to wait for (the visitor named in a header): counted at once, answered at once.
				return answered(request, response,
						this.beacons.accept(new Beacons.Request(slug, ping, "", visitorHeader, address, userAgent)));
			}
			return answered(request, response, DirectBodies.receive(request)
				.flatMap((body) -> this.beacons.accept(new Beacons.Request(slug, ping,
						new String(body, StandardCharsets.UTF_8), visitorHeader, address, userAgent))));
		}
		catch (RuntimeException ex) {
			// A malformed slug or body, found before anything was sent.
			return this.routes.problem(request, response, ex);
		}
	}

	private Mono<Void> answered(HttpServerRequest request, HttpServerResponse response, Mono<Void> outcome) {
		if (outcome == Beacons.COUNTED) {
			return accepted(response);
		}
		return outcome.then(Mono.defer(() -> accepted(response)))
			.onErrorResume((failure) -> this.routes.problem(request, response, failure));
	}

	private static Mono<Void> accepted(HttpServerResponse response) {
		response.status(ACCEPTED).responseHeaders().set(HttpHeaderNames.CONTENT_LENGTH, ZERO);
		return response.send();
	}

}
