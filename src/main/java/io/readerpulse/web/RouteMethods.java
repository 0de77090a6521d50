package io.readerpulse.web;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells whether a request that authorization refused names an API path that exists with other methods, so
 * that the client hears 405 (its real mistake) instead of 401 or 403. Consulted only on refusals, so
 * the requests that are allowed pay nothing for it; only the route table is read, nothing executes.
 */
@Component
public final class RouteMethods {

	private final RequestMappingHandlerMapping routes;

	RouteMethods(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping routes) {
		this.routes = routes;
	}

	/**
	 * Finds out whether the path exists with other methods.
	 * @param exchange the refused request
	 * @return the 405 to answer with, or empty if the path is unknown or takes this method
	 */
	public Mono<MethodNotAllowedException> wrongMethod(ServerWebExchange exchange) {
		return this.routes.getHandler(exchange)
			.then(Mono.<MethodNotAllowedException>empty())
			.onErrorResume((ex) -> (ex instanceof MethodNotAllowedException notAllowed) ? Mono.just(notAllowed)
					: Mono.empty());
	}

}
