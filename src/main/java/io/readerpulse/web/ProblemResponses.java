package io.readerpulse.web;

import java.net.URI;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes RFC 9457 problem bodies. Shared by the exception handler and the security layer so that every
 * error, whoever detects it, looks the same to clients.
 */
@Component
public final class ProblemResponses {

	// RFC 9457: a problem whose meaning is its status code alone.
	private static final URI BLANK_TYPE = URI.create("about:blank");

	private final ServerResponse.Context context;

	ProblemResponses(ServerCodecConfigurer codecs) {
		List<HttpMessageWriter<?>> writers = codecs.getWriters();
		this.context = new ServerResponse.Context() {
			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return writers;
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return List.of();
			}
		};
	}

	/**
	 * Writes the problem as the response, completing it.
	 * @param exchange the exchange to answer
	 * @param problem the problem; {@code type}, {@code detail} and {@code instance} are filled in when missing
	 * @param headers extra response headers (such as {@code Allow} or {@code WWW-Authenticate})
	 * @return completion of the write
	 */
	public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, HttpHeaders headers) {
		if (problem.getType() == null) {
			problem.setType(BLANK_TYPE);
		}
		if (problem.getDetail() == null) {
			problem.setDetail(problem.getTitle());
		}
		if (problem.getInstance() == null) {
			problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		}
		return ServerResponse.status(problem.getStatus())
			.headers((target) -> target.addAll(headers))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(problem)
			.flatMap((response) -> response.writeTo(exchange, this.context));
	}

}
