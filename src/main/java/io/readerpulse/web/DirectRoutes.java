package io.readerpulse.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriUtils;

/**
 * What the paths answered below WebFlux (Reactor Netty routes, for the few endpoints that carry the load of
 * a viral story) share with the rest of the API, so that they answer as it does: the client's address as
 * the trusted proxies say, the cross-origin policy, and problem bodies for every refusal.
 */
@Component
public final class DirectRoutes {

	// What every answer of these paths carries, as the rest of the API's answers do.
	static final io.netty.handler.codec.http.HttpHeaders COMMON = new DefaultHttpHeaders()
		.add("X-Content-Type-Options", "nosniff")
		.add(HttpHeaders.VARY, String.join(", ", HttpHeaders.ORIGIN, HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD,
				HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS));

	// What the security chain's header writers add to every answer it lets through (see SecurityConfiguration),
	// for the routes that answer with a body.
	static final io.netty.handler.codec.http.HttpHeaders SECURED = new DefaultHttpHeaders()
		.add(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate")
		.add(HttpHeaders.PRAGMA, "no-cache")
		.add(HttpHeaders.EXPIRES, "0")
		.add("X-Frame-Options", "DENY")
		.add("X-XSS-Protection", "0")
		.add("Referrer-Policy", "strict-origin-when-cross-origin");

	private final ProblemResponses problems;

	private final ApiCors cors;

	private final TrustedProxies proxies;

	DirectRoutes(ProblemResponses problems, ApiCors cors, TrustedProxies proxies) {
		this.problems = problems;
		this.cors = cors;
		this.proxies = proxies;
	}

	/**
	 * The request's path, as sent (not decoded), without its query.
	 * @param request the request
	 * @return the path
	 */
	public static String path(HttpServerRequest request) {
		return path(request.uri());
	}

	/**
	 * A request target's path, as sent, without its query.
	 * @param uri the request's target
	 * @return the path
	 */
	static String path(String uri) {
		int end = uri.length();
		for (int i = 0; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (c == '?' || c == '#') {
				end = i;
				break;
			}
		}
		return uri.substring(0, end);
	}

	/**
	 * The one variable segment of a path such as {@code /api/articles/{slug}/stream}, decoded as WebFlux's
	 * patterns decode it.
	 * @param path the request's path (see {@link #path})
	 * @param prefix what comes before the segment, ending in {@code /}
	 * @param suffix what comes after it, starting with {@code /}
	 * @return the segment, or {@code null} if the path has another shape or a malformed escape
	 */
	public static @Nullable String segment(String path, String prefix, String suffix) {
		int end = path.length() - suffix.length();
		if (!path.startsWith(prefix) || !path.endsWith(suffix) || end <= prefix.length()
				|| path.indexOf('/', prefix.length()) != end) {
			return null;
		}
		String segment = path.substring(prefix.length(), end);
		if (segment.indexOf('%') < 0) {
			return segment;
		}
		try {
			return UriUtils.decode(segment, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// Not valid percent-encoding: left to WebFlux, which refuses such a path with a problem.
			return null;
		}
	}

	/**
	 * The client's address, as {@link ClientAddress} gives it for requests that WebFlux handles.
	 * @param request the request
	 * @return the address as text, or {@code "unknown"}
	 */
	public String clientAddress(HttpServerRequest request) {
		InetSocketAddress peer = request.remoteAddress();
		if (peer == null) {
			return "unknown";
		}
		return this.proxies.clientOf(peer, () -> request.requestHeaders().getAll("X-Forwarded-For"));
	}

	/**
	 * Applies the cross-origin policy, with its response headers, and {@code nosniff}.
	 * @param request the request
	 * @param response its response
	 * @return {@code false} if the request comes from a page of an origin the policy does not name: answer
	 * it with {@link #forbiddenOrigin()}
	 */
	public boolean admitsOrigin(HttpServerRequest request, HttpServerResponse response) {
		// Copied without validating them again: these are on every beacon, where header checks showed in
		// the profile.
		response.headers(COMMON);
		String origin = request.requestHeaders().get(HttpHeaderNames.ORIGIN);
		if (origin == null) {
			return true;
		}
		return this.cors.admits(origin, () -> ownOrigin(request), HttpMethod.valueOf(request.method().name()),
				(name, value) -> {
					if (!HttpHeaders.VARY.equals(name)) {
						response.header(name, value);
					}
				});
	}

	/**
	 * Adds the headers the security chain gives every answer it lets through: no caching, no framing, the
	 * referrer policy, and on HTTPS (directly or through a trusted proxy) strict transport security. For routes
	 * whose answers have a body; after {@link #admitsOrigin}, which sets the response's first headers.
	 * @param request the request
	 * @param response the response, not yet sent
	 */
	public void secure(HttpServerRequest request, HttpServerResponse response) {
		response.responseHeaders().add(SECURED);
		URI own = ownOrigin(request);
		if (own != null && "https".equalsIgnoreCase(own.getScheme())) {
			response.header("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
		}
	}

	/**
	 * The refusal for a page of another origin.
	 * @return the failure to answer with
	 */
	public static Throwable forbiddenOrigin() {
		return new ResponseStatusException(HttpStatus.FORBIDDEN, "This origin may not call the API.");
	}

	/**
	 * Answers a failure with its problem body (see {@link ProblemResponses#problemOf}).
	 * @param request the request
	 * @param response its response, not yet sent
	 * @param failure the failure
	 * @return completion of the write
	 */
	public Mono<Void> problem(HttpServerRequest request, HttpServerResponse response, Throwable failure) {
		String path = path(request);
		HttpHeaders headers = new HttpHeaders();
		ProblemDetail problem = this.problems.problemOf(failure, request.method().name(), path, headers);
		byte[] body = this.problems.encode(problem, path);
		headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		return response.status(HttpResponseStatus.valueOf(problem.getStatus()))
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
			.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length))
			.sendByteArray(Mono.just(body))
			.then();
	}

	/**
	 * This service's origin as the client addressed it (see {@link TrustedProxies#originOf}).
	 */
	private @Nullable URI ownOrigin(HttpServerRequest request) {
		try {
			URI own = new URI(request.scheme(), null, request.hostName(), request.hostPort(), null, null, null);
			InetSocketAddress peer = request.remoteAddress();
			return (peer != null) ? this.proxies.originOf(own, peer, request.requestHeaders()::getAll) : own;
		}
		catch (java.net.URISyntaxException ex) {
			return null;
		}
	}

}
