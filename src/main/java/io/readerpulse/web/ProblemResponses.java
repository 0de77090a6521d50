package io.readerpulse.web;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Encoder;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.EncoderHttpMessageWriter;
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

	private static final Logger logger = LoggerFactory.getLogger(ProblemResponses.class);

	private final ServerResponse.Context context;

	private final Encoder<Object> json;

	ProblemResponses(ServerCodecConfigurer codecs) {
		List<HttpMessageWriter<?>> writers = codecs.getWriters();
		this.json = writers.stream()
			.filter((writer) -> writer instanceof EncoderHttpMessageWriter<?>
					&& writer.canWrite(ResolvableType.forClass(ProblemDetail.class), MediaType.APPLICATION_PROBLEM_JSON))
			.map(ProblemResponses::encoderOf)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No JSON encoder for problem details"));
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
		complete(problem, exchange.getRequest().getPath().value());
		return ServerResponse.status(problem.getStatus())
			.headers((target) -> target.addAll(headers))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(problem)
			.flatMap((response) -> response.writeTo(exchange, this.context));
	}

	/**
	 * The problem a failure answers with, whether WebFlux's exception handler or a path below WebFlux meets
	 * it; failures of the service itself are logged here.
	 * @param failure the failure
	 * @param method the request's method
	 * @param path the request's path
	 * @param headers receives the extra response headers (such as {@code Retry-After})
	 * @return the problem
	 */
	public ProblemDetail problemOf(Throwable failure, String method, String path, HttpHeaders headers) {
		ProblemDetail problem = ProblemExceptionHandler.toProblem(failure, headers);
		if (problem.getStatus() == 503) {
			logger.warn("Request {} {} answered 503: {}", method, path, failure.getMessage());
		}
		else if (problem.getStatus() >= 500) {
			logger.error("Request {} {} failed", method, path, failure);
		}
		return problem;
	}

	/**
	 * The problem as the bytes of an {@code application/problem+json} body, exactly as {@link #write} sends it.
	 * @param problem the problem; {@code type}, {@code detail} and {@code instance} are filled in when missing
	 * @param path the request's path, the problem's {@code instance}; {@code null} if it could not be read
	 * @return the body
	 */
	public byte[] encode(ProblemDetail problem, @Nullable String path) {
		complete(problem, path);
		return DirectBodies.encode(this.json, problem, MediaType.APPLICATION_PROBLEM_JSON);
	}

	@SuppressWarnings("unchecked")
	private static Encoder<Object> encoderOf(HttpMessageWriter<?> writer) {
		// It said it can write a ProblemDetail.
		return (Encoder<Object>) ((EncoderHttpMessageWriter<?>) writer).getEncoder();
	}

	private static void complete(ProblemDetail problem, @Nullable String path) {
		if (problem.getType() == null) {
			problem.setType(BLANK_TYPE);
		}
		if (problem.getDetail() == null) {
			problem.setDetail(problem.getTitle());
		}
		if (problem.getInstance() == null && path != null) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// A path that is no URI reference has no instance to name.
			}
		}
	}

}
