package io.readerpulse.web;

import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import org.springframework.http.HttpStatus;

/**
 * The problem responses of the OpenAPI description, by status, for whatever describes an operation.
 */
public final class ApiProblems {

	private static final String RESPONSES = "#/components/responses/";

	private ApiProblems() {
	}

	/**
	 * The name of the reusable response for a status in {@code components/responses}: its reason phrase
	 * without spaces ({@code NotFound}, {@code TooManyRequests}), so that handlers can name it too, as in
	 * {@code @ApiResponse(responseCode = "404", ref = "NotFound")}.
	 * @param status the status
	 * @return its name in {@code components/responses}
	 */
	public static String name(HttpStatus status) {
		return status.getReasonPhrase().replace(" ", "");
	}

	/**
	 * Adds the problem responses that every operation can give, and those its shape implies.
	 * @param operation the operation
	 */
	public static void attachCommon(Operation operation) {
		if (operation.getRequestBody() != null) {
			attach(operation, HttpStatus.CONTENT_TOO_LARGE);
		}
		// Every operation but a beacon for a story already known needs the database.
		attach(operation, HttpStatus.INTERNAL_SERVER_ERROR, HttpStatus.SERVICE_UNAVAILABLE);
	}

	/**
	 * Adds problem responses to an operation, keeping any it already declares for those statuses.
	 * @param operation the operation
	 * @param statuses the statuses it can answer with a problem
	 */
	public static void attach(Operation operation, HttpStatus... statuses) {
		ApiResponses existing = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		// Sorted by status, so that readers of the description find them where they expect.
		Map<String, ApiResponse> sorted = new TreeMap<>(existing);
		for (HttpStatus status : statuses) {
			sorted.putIfAbsent(Integer.toString(status.value()),
					new ApiResponse().$ref(RESPONSES + name(status)));
		}
		ApiResponses responses = new ApiResponses();
		responses.putAll(sorted);
		responses.setExtensions(existing.getExtensions());
		operation.setResponses(responses);
	}

}
