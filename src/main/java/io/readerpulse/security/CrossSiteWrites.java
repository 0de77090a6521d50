package io.readerpulse.security;

import java.net.URI;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Mono;

import io.readerpulse.web.ProblemResponses;
import io.readerpulse.web.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * No page of another site can act for a signed-in staff member. A browser that once signed in with HTTP
 * Basic sends those credentials with every later request to this site, including a form that another site
 * submits; so a state-changing request that carries credentials a browser attaches by itself (Basic, or a
 * cookie) is refused when the browser says it comes from another site ({@code Sec-Fetch-Site}) or from an
 * origin that is neither this one nor an allowed one ({@code Origin}). Apps and scripts send neither header
 * and are not affected.
 */
final class CrossSiteWrites implements WebFilter {

	private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
			HttpMethod.DELETE);

	private final List<String> allowedOrigins;

	private final ProblemResponses problems;

	CrossSiteWrites(List<String> allowedOrigins, ProblemResponses problems) {
		this.allowedOrigins = allowedOrigins;
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (WRITES.contains(request.getMethod()) && carriesAmbientCredentials(request) && isCrossSite(request)) {
			return this.problems.write(exchange, ProblemType.CROSS_SITE_REQUEST.problem(HttpStatus.FORBIDDEN,
					"Requests from other sites may not change anything here."), new HttpHeaders());
		}
		return chain.filter(exchange);
	}

	private static boolean carriesAmbientCredentials(ServerHttpRequest request) {
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		return (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6))
				|| request.getHeaders().containsHeader(HttpHeaders.COOKIE);
	}

	private boolean isCrossSite(ServerHttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		if (origin != null) {
			return !this.allowedOrigins.contains(origin) && !origin.equals(ownOrigin(request.getURI()));
		}
		String site = request.getHeaders().getFirst("Sec-Fetch-Site");
		return "cross-site".equals(site) || "same-site".equals(site);
	}

	private static String ownOrigin(URI uri) {
		int port = uri.getPort();
		boolean defaultPort = port == -1 || ("http".equals(uri.getScheme()) && port == 80)
				|| ("https".equals(uri.getScheme()) && port == 443);
		return uri.getScheme() + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
	}

}
