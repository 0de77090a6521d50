package io.readerpulse.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The client sends faster than its allowance: answered with 429 and {@code Retry-After}.
 */
public final class TooManyRequestsException extends ErrorResponseException {

	/**
	 * Creates the exception.
	 * @param detail what was limited, phrased for the client
	 * @param retryAfter when the client may try again
	 */
	public TooManyRequestsException(String detail, Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, ProblemType.RATE_LIMITED.problem(HttpStatus.TOO_MANY_REQUESTS, detail), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
	}

}
