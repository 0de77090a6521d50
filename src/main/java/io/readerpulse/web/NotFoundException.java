package io.readerpulse.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Something the request names does not exist (or no longer does): answered with 404.
 */
public final class NotFoundException extends ErrorResponseException {

	/**
	 * Creates the exception.
	 * @param detail what was not found, phrased for the client
	 */
	public NotFoundException(String detail) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail), null);
	}

}
