package io.readerpulse.web;

import java.net.URI;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The API's cross-origin policy: which other sites' pages may call it ({@code PULSE_CORS_ORIGINS}). Spring
 * applies it to every request WebFlux handles; the paths answered below WebFlux (beacons, story streams)
 * apply it through {@link #admits}, with the same answers as Spring's {@code DefaultCorsProcessor} for
 * requests that are not preflights (preflights always reach WebFlux).
 */
public final class ApiCors {

	private static final String VARY = String.join(", ", HttpHeaders.ORIGIN, HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD,
			HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);

	private final @Nullable CorsConfiguration configuration;

	private final @Nullable String exposed;

	private ApiCors(@Nullable CorsConfiguration configuration) {
		this.configuration = configuration;
		List<String> headers = (configuration != null) ? configuration.getExposedHeaders() : null;
		this.exposed = (headers != null && !headers.isEmpty()) ? String.join(", ", headers) : null;
	}

	/**
	 * The policy for the given origins.
	 * @param origins the origins whose pages may call the API; none for same-origin pages only
	 * @return the policy
	 */
	public static ApiCors allowing(List<String> origins) {
		if (origins.isEmpty()) {
			return new ApiCors(null);
		}
		CorsConfiguration api = new CorsConfiguration();
		api.setAllowedOrigins(origins);
		api.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE"));
		api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID", "X-Visitor-Id"));
		api.setExposedHeaders(List.of("Location", "Retry-After"));
		api.setMaxAge(3600L);
		return new ApiCors(api);
	}

	/**
	 * The configuration Spring applies to {@code /api/**}.
	 * @return the configuration, or {@code null} when no other origin is allowed
	 */
	public @Nullable CorsConfiguration configuration() {
		return this.configuration;
	}

	/**
	 * Decides an actual (not preflight) request and writes the response headers that go with the decision.
	 * @param origin the request's {@code Origin}, if any
	 * @param ownOrigin this service's origin as the request addressed it, asked only for a cross-origin
	 * policy and a request with an origin
	 * @param method the request's method
	 * @param headers receives response headers
	 * @return {@code false} if a page of an origin the policy does not name made the request (answer 403)
	 */
	public boolean admits(@Nullable String origin, Supplier<@Nullable URI> ownOrigin, HttpMethod method,
			BiConsumer<String, String> headers) {
		headers.accept(HttpHeaders.VARY, VARY);
		CorsConfiguration api = this.configuration;
		if (origin == null || api == null || sameOrigin(origin, ownOrigin.get())) {
			return true;
		}
		String allowed = api.checkOrigin(origin);
		if (allowed == null || api.checkHttpMethod(method) == null) {
			return false;
		}
		headers.accept(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
		if (this.exposed != null) {
			headers.accept(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, this.exposed);
		}
		if (Boolean.TRUE.equals(api.getAllowCredentials())) {
			headers.accept(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
		}
		return true;
	}

	/**
	 * As Spring's {@code CorsUtils.isSameOrigin}: scheme, host and port, default ports filled in.
	 */
	private static boolean sameOrigin(String origin, @Nullable URI own) {
		if (own == null) {
			return false;
		}
		try {
			URI other = new URI(origin);
			return own.getScheme() != null && own.getScheme().equalsIgnoreCase(other.getScheme())
					&& own.getHost() != null && own.getHost().equalsIgnoreCase(other.getHost())
					&& port(own) == port(other);
		}
		catch (java.net.URISyntaxException ex) {
			return false;
		}
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

}
