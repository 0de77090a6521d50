package io.readerpulse.imports;

import javax.xml.stream.Location;

import org.jspecify.annotations.Nullable;

import io.readerpulse.web.ProblemType;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A file that is not well-formed XML, or not an export of the named kind: answered with 400 and where the
 * parser stopped, and nothing from it is stored.
 */
final class ImportRejectedException extends ErrorResponseException {

	ImportRejectedException(@Nullable Location location, String message) {
		super(HttpStatus.BAD_REQUEST, problem(location, message), null);
	}

	private static ProblemDetail problem(@Nullable Location location, String message) {
		ProblemDetail problem = ProblemType.MALFORMED_BODY.problem(HttpStatus.BAD_REQUEST, message);
		problem.setProperty("line", (location != null) ? location.getLineNumber() : -1);
		problem.setProperty("column", (location != null) ? location.getColumnNumber() : -1);
		return problem;
	}

}
