package io.readerpulse.web;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.exc.InvalidFormatException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Turns every failure into a problem body: one place, so that controllers, filters and the framework's
 * own routing errors all answer alike. Messages of unexpected exceptions never reach the client.
 */
@Component
@Order(-2) // ahead of Spring Boot's default handler, which renders its own error format
final class ProblemExceptionHandler implements WebExceptionHandler {

	private final ProblemResponses responses;

	ProblemExceptionHandler(ProblemResponses responses) {
		this.responses = responses;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		HttpHeaders headers = new HttpHeaders();
		ProblemDetail problem = this.responses.problemOf(ex, exchange.getRequest().getMethod().name(),
				exchange.getRequest().getPath().value(), headers);
		return this.responses.write(exchange, problem, headers);
	}

	static ProblemDetail toProblem(Throwable ex, HttpHeaders headers) {
		if (DatabaseUnavailable.causedBy(ex)) {
			headers.addAll(DatabaseUnavailable.headers());
			return DatabaseUnavailable.problem();
		}
		if (ex instanceof WebExchangeBindException bind) {
			return InvalidRequestException.of(bind).getBody();
		}
		if (ex instanceof DataBufferLimitException || ex.getCause() instanceof DataBufferLimitException) {
			return RequestSizeLimit.problem();
		}
		if (ex instanceof ServerWebInputException input && input.getCause() instanceof DecodingException decoding
				&& unstorableField(decoding) != null) {
			return new InvalidRequestException(String.valueOf(unstorableField(decoding)), StorableText.MESSAGE).getBody();
		}
		if (ex instanceof ServerWebInputException input && input.getCause() instanceof DecodingException) {
			// The decoder's message names Java types; say what the client needs to know instead.
			return ProblemType.MALFORMED_BODY.problem(HttpStatus.BAD_REQUEST,
					"The request body is not valid JSON of the expected shape.");
		}
		if (ex instanceof ServerWebInputException input && input.getCause() instanceof TypeMismatchException mismatch) {
			MethodParameter parameter = input.getMethodParameter();
			String name = (parameter != null) ? parameter.getParameterName() : mismatch.getPropertyName();
			return new InvalidRequestException(String.valueOf(name), "has a value of the wrong type").getBody();
		}
		if (ex instanceof ErrorResponse response) {
			headers.addAll(response.getHeaders());
			ProblemDetail body = response.getBody();
			if (body.getStatus() >= 500) {
				return internalError();
			}
			return body;
		}
		return internalError();
	}

	/**
	 * The field of a JSON body that {@link StorableTextModule} refused, as a dotted path.
	 */
	private static @Nullable String unstorableField(DecodingException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidFormatException invalid && StorableText.MESSAGE.equals(invalid.getOriginalMessage())) {
				String path = invalid.getPath().stream()
					.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
							: Integer.toString(reference.getIndex()))
					.collect(Collectors.joining("."));
				return path.isEmpty() ? "body" : path;
			}
		}
		return null;
	}

	private static ProblemDetail internalError() {
		return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The server could not complete the request.");
	}

}
