package io.readerpulse.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriUtils;

/**
 * Refuses, before anything reads them, a path or query parameter that is not {@link StorableText}: a 400
 * naming the parameter (or {@code path}). Bodies are checked as they are decoded (StorableTextModule).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
final class StorableTextFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String path = request.getPath().value();
		if (path.indexOf('%') >= 0 && !StorableText.isStorable(decode(path))) {
			return Mono.error(new InvalidRequestException("path", StorableText.MESSAGE));
		}
		if (request.getURI().getRawQuery() != null) {
			// A parameter without a value (?flag) has a null one.
			for (Map.Entry<String, List<String>> parameter : request.getQueryParams().entrySet()) {
				String name = parameter.getKey();
				if (!StorableText.isStorable(name) || parameter.getValue().stream().anyMatch((v) -> v != null && !StorableText.isStorable(v))) {
					return Mono.error(new InvalidRequestException(StorableText.isStorable(name) ? name : "query",
							StorableText.MESSAGE));
				}
			}
		}
		return chain.filter(exchange);
	}

	private static String decode(String path) {
		try {
			return UriUtils.decode(path, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// Not valid percent-encoding at all: as unstorable as a NUL.
			return "\u0000";
		}
	}

}
