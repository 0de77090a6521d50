package io.readerpulse.web;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers 405 (with {@code Allow}) for an API path that exists but not with the request's method.
 * <p>
 * It runs before authorization, which denies by default: without it, a wrong method would be reported as
 * 401 or 403, hiding the client's real mistake. Only the route table is consulted; nothing executes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class MethodNotAllowedFilter implements WebFilter {

	private final RequestMappingHandlerMapping routes;

	MethodNotAllowedFilter(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping routes) {
		this.routes = routes;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getRequest().getMethod() == HttpMethod.OPTIONS
				|| !exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/")) {
			return chain.filter(exchange);
		}
		// Other routing errors (415, 406) are left to the dispatcher, after authorization.
		return this.routes.getHandler(exchange)
			.then()
			.onErrorResume((ex) -> (ex instanceof MethodNotAllowedException) ? Mono.error(ex) : Mono.empty())
			.then(chain.filter(exchange));
	}

}
