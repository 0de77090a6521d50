package io.readerpulse.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The request clashes with the current state (a name already taken, say): answered with 409.
 */
public final class ConflictException extends ErrorResponseException {

	/**
	 * Creates the exception.
	 * @param detail what clashes, phrased for the client
	 */
	public ConflictException(String detail) {
		super(HttpStatus.CONFLICT, ProblemType.CONFLICT.problem(HttpStatus.CONFLICT, detail), null);
	}

}
