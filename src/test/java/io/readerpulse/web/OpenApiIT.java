package io.readerpulse.web;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.readerpulse.IntegrationTest;

import org.springframework.web.util.DefaultUriBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description is one a client generator can trust: every operation says who may call it (and
 * the service agrees), has a summary, a unique {@code operationId} and a tag, and names the problem
 * responses it can give.
 */
class OpenApiIT extends IntegrationTest {

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

	private static final String PROBLEM = "application/problem+json";

	private final JsonMapper json = JsonMapper.shared();

	private JsonNode api;

	@BeforeEach
	void fetchDescription() throws Exception {
		byte[] body = this.client.get().uri("/v3/api-docs").exchange()
			.expectStatus().isOk()
			.expectBody().returnResult().getResponseBody();
		this.api = this.json.readTree(body);
		// Kept for `redocly lint` (see the README), which checks what this test does not.
		Path saved = Path.of("target", "openapi.json");
		Files.createDirectories(saved.getParent());
		this.json.writerWithDefaultPrettyPrinter().writeValue(saved, this.api);
	}

	@Test
	void everyOperationHasSummaryIdTagSecurityAndProblemResponses() {
		List<String> faults = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		JsonNode schemes = this.api.path("components").path("securitySchemes");
		Set<String> declaredTags = new HashSet<>();
		this.api.path("tags").values().stream().filter((tag) -> !tag.path("description").asString("").isBlank())
			.forEach((tag) -> declaredTags.add(tag.path("name").asString()));
		for (Operation operation : operations()) {
			JsonNode node = operation.node();
			if (node.path("summary").asString("").isBlank()) {
				faults.add(operation + ": no summary");
			}
			String id = node.path("operationId").asString("");
			if (id.isBlank()) {
				faults.add(operation + ": no operationId");
			}
			else if (!ids.add(id)) {
				faults.add(operation + ": operationId " + id + " is also another operation's");
			}
			JsonNode security = node.has("security") ? node.path("security") : this.api.path("security");
			if (security.isEmpty()) {
				faults.add(operation + ": no security requirement (use {} for anonymous callers)");
			}
			for (JsonNode requirement : security.values()) {
				requirement.propertyNames().stream().filter((scheme) -> !schemes.has(scheme))
					.forEach((scheme) -> faults.add(operation + ": undeclared security scheme " + scheme));
			}
			if (node.path("tags").isEmpty()) {
				faults.add(operation + ": no tag");
			}
			for (JsonNode tag : node.path("tags").values()) {
				if (!declaredTags.contains(tag.asString())) {
					faults.add(operation + ": tag " + tag.asString() + " is not declared with a description");
				}
			}
			if (problemStatuses(node).stream().noneMatch((status) -> status.startsWith("4"))) {
				faults.add(operation + ": no 4xx response with " + PROBLEM);
			}
		}
		assertThat(ids).as("operations found").isNotEmpty();
		assertThat(faults).isEmpty();
	}

	@Test
	void operationsWithoutAnonymousAccessRefuseAnonymousCallersAndTheOthersLetThemIn() throws Exception {
		List<String> faults = new ArrayList<>();
		for (Operation operation : operations()) {
			boolean anyone = false;
			for (JsonNode requirement : operation.node().path("security").values()) {
				anyone |= requirement.isEmpty();
			}
			// Unknown names in the path: whatever the operation does, it never changes anything real.
			Object[] names = new Object[(int) operation.path().chars().filter((c) -> c == '{').count()];
			Arrays.fill(names, "no-such-" + unique());
			URI uri = new DefaultUriBuilderFactory("http://localhost:" + port()).expand(operation.path(), names);
			HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
				.method(operation.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody())
				.build();
			int status = statusOf(request, operation);
			boolean refused = status == 401 || status == 403;
			if (anyone == refused) {
				faults.add(operation + (anyone ? " declares anonymous access" : " requires credentials")
						+ " but answered an anonymous caller " + status);
			}
		}
		assertThat(faults).isEmpty();
	}

	private static int statusOf(HttpRequest request, Operation operation) throws Exception {
		// A connection of its own for each call: on a reused connection, a request that follows a 401 is
		// sometimes never answered, which is a bug of its own, not of the description.
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		try {
			// Only the status is needed: the body is not read, so a stream ends as soon as it starts.
			HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
			response.body().close();
			return response.statusCode();
		}
		catch (HttpTimeoutException ex) {
			throw new AssertionError(operation + " did not answer within " + request.timeout().orElseThrow(), ex);
		}
	}

	private List<Operation> operations() {
		List<Operation> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : this.api.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
				if (METHODS.contains(method.getKey())) {
					operations.add(new Operation(method.getKey(), path.getKey(), method.getValue()));
				}
			}
		}
		return operations;
	}

	/** The statuses of the operation's responses that are problem bodies, following references. */
	private List<String> problemStatuses(JsonNode operation) {
		List<String> statuses = new ArrayList<>();
		for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
			JsonNode resolved = resolve(response.getValue());
			if (resolved.path("content").has(PROBLEM)) {
				statuses.add(response.getKey());
			}
		}
		return statuses;
	}

	private JsonNode resolve(JsonNode node) {
		String ref = node.path("$ref").asString("");
		if (ref.isEmpty()) {
			return node;
		}
		JsonNode target = this.api;
		for (String segment : ref.substring("#/".length()).split("/")) {
			target = target.path(segment);
		}
		return resolve(target);
	}

	private record Operation(String method, String path, JsonNode node) {

		@Override
		public String toString() {
			return this.method.toUpperCase(Locale.ROOT) + " " + this.path;
		}

	}

}
