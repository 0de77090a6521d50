package io.readerpulse.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;

/**
 * A request that breaks a rule the client can fix: answered with 400 and the offending fields in
 * {@code errors}, like a body that fails validation.
 */
public final class InvalidRequestException extends ErrorResponseException {

	/**
	 * Creates the exception for one offending field.
	 * @param field the field, parameter or path segment at fault
	 * @param message what is wrong with it, phrased for the client
	 */
	public InvalidRequestException(String field, String message) {
		this(Map.of(field, message));
	}

	/**
	 * Creates the exception for several offending fields.
	 * @param errors messages by field
	 */
	public InvalidRequestException(Map<String, String> errors) {
		super(HttpStatus.BAD_REQUEST, problem(errors), null);
	}

	/**
	 * Creates the exception for a body that failed bean validation: the first message of each field, then
	 * of each object-level rule.
	 * @param errors the validation's outcome
	 * @return the exception
	 */
	public static InvalidRequestException of(Errors errors) {
		Map<String, String> messages = new LinkedHashMap<>();
		for (FieldError error : errors.getFieldErrors()) {
			messages.putIfAbsent(error.getField(), String.valueOf(error.getDefaultMessage()));
		}
		errors.getGlobalErrors().forEach((error) -> messages.putIfAbsent(error.getObjectName(),
				String.valueOf(error.getDefaultMessage())));
		return new InvalidRequestException(messages);
	}

	private static ProblemDetail problem(Map<String, String> errors) {
		ProblemDetail problem = ProblemType.INVALID_REQUEST.problem(HttpStatus.BAD_REQUEST,
				"The request has invalid fields.");
		problem.setProperty("errors", errors);
		return problem;
	}

}
