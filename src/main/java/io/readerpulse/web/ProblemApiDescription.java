package io.readerpulse.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

/**
 * Describes the problem bodies that {@link ProblemResponses} writes: the {@code Problem} schema, one reusable
 * response per status the API answers with, and on every operation the problems any operation can give.
 */
@Component
final class ProblemApiDescription implements OpenApiCustomizer {

	private static final String PROBLEM = "Problem";

	@Override
	public void customise(OpenAPI api) {
		if (api.getComponents() == null) {
			api.components(new Components());
		}
		Components components = api.getComponents();
		components.addSchemas(PROBLEM, problemSchema());
		responses().forEach((status, description) -> components.addResponses(ApiProblems.name(status),
				response(status, description)));
		if (api.getPaths() != null) {
			api.getPaths().values().stream()
				.flatMap((path) -> path.readOperations().stream())
				.forEach(ApiProblems::attachCommon);
		}
	}

	/** What each problem status means in this API; operations say which ones they can give. */
	private static Map<HttpStatus, String> responses() {
		Map<HttpStatus, String> responses = new LinkedHashMap<>();
		responses.put(HttpStatus.BAD_REQUEST, "The request is not valid: malformed JSON, or fields, parameters "
				+ "or path segments that break a rule (`errors` names each one).");
		responses.put(HttpStatus.UNAUTHORIZED, "Credentials are missing or not valid; `WWW-Authenticate` names "
				+ "the scheme to use.");
		responses.put(HttpStatus.FORBIDDEN, "The caller may not do this (the account lacks the role, or the "
				+ "browser page's origin is not allowed).");
		responses.put(HttpStatus.NOT_FOUND, "What the path names does not exist (or no longer does).");
		responses.put(HttpStatus.CONFLICT, "The request clashes with the current state, such as a name already taken.");
		responses.put(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than 16 KiB.");
		responses.put(HttpStatus.TOO_MANY_REQUESTS, "The caller sends faster than its allowance; `Retry-After` "
				+ "says how many seconds to wait.");
		responses.put(HttpStatus.INTERNAL_SERVER_ERROR, "The server could not complete the request. The body "
				+ "never says more than that.");
		responses.put(HttpStatus.SERVICE_UNAVAILABLE, "The service cannot reach its database right now; "
				+ "`Retry-After` says how many seconds to wait. Nothing is wrong with the request.");
		return responses;
	}

	private static ApiResponse response(HttpStatus status, String description) {
		Schema<?> schema = new Schema<>().$ref("#/components/schemas/" + PROBLEM);
		ApiResponse response = new ApiResponse().description(description)
			.content(new Content().addMediaType(APPLICATION_PROBLEM_JSON_VALUE,
					new MediaType().schema(schema)));
		if (status == HttpStatus.UNAUTHORIZED) {
			response.addHeaderObject(HttpHeaders.WWW_AUTHENTICATE, new Header()
				.description("`Basic realm=\"Reader Pulse\"` for staff operations, `Bearer` (with "
						+ "`error=\"invalid_token\"` for a bad token) for readers' apps")
				.schema(new StringSchema()));
		}
		if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.addHeaderObject(HttpHeaders.RETRY_AFTER,
					new Header().description("Seconds to wait before trying again").schema(new IntegerSchema()));
		}
		return response;
	}

	/** RFC 9457 problem details, as every error of this API is answered. */
	private static Schema<?> problemSchema() {
		Schema<?> problem = new ObjectSchema().description("An RFC 9457 problem: every error of this API. "
				+ "Never contains a stack trace, nor a comment author's email.");
		problem.addProperty("type", new StringSchema().format("uri")
			.description("Identifies the kind of problem (`/problems/invalid-request`, `/problems/rate-limited`, "
					+ "`/problems/database-unavailable`, ...); `about:blank` when the status says it all")
			.example("/problems/invalid-request"));
		problem.addProperty("title", new StringSchema().description("The status's reason phrase")
			.example("Bad Request"));
		problem.addProperty("status", new IntegerSchema().description("The HTTP status code").example(400));
		problem.addProperty("detail", new StringSchema().description("What went wrong, for people")
			.example("The request has invalid fields."));
		problem.addProperty("instance", new StringSchema().format("uri-reference")
			.description("The path of the request").example("/api/articles/my-story/comments"));
		problem.addProperty("errors", new ObjectSchema()
			.additionalProperties(new StringSchema())
			.description("Only for invalid requests: what is wrong, by field, parameter or path segment, "
					+ "such as {\"email\": \"must be a valid email address\"}"));
		return problem.addRequiredItem("type").addRequiredItem("title").addRequiredItem("status")
			.addRequiredItem("detail");
	}

}
