package io.readerpulse.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.OwnClock;
import io.readerpulse.SseStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What scripts send on day one: every public and staff endpoint with NUL characters, lone surrogates,
 * invalid UTF-8, overlong strings, huge and negative numbers, wrong JSON types, deep nesting, wrong content
 * types, path traversal, header injection and out-of-range dates. Never a 5xx; every refusal a problem body;
 * the service healthy afterwards. Its failed sign-ins must not throttle other tests: it has a context (and
 * so a throttle) of its own.
 */
@OwnClock
class HostileInputIT extends IntegrationTest {

	/** Values put in every string field, query parameter and path segment, as JSON text. */
	private static final List<String> STRINGS = List.of("\"\\u0000\"", "\"nul\\u0000inside\"", "\"\\ud800\"",
			"\"a\\udc00b\"", "\"" + "x".repeat(12_000) + "\"", "\"../../etc/passwd\"", "\"<script>alert(1)</script>\"",
			"\"%00\"", "\"\"", "\"   \"", "12345", "-1", "1e308", "92233720368547758070", "true", "null", "{}",
			"[]", "[\"a\"]", "\"0000-01-01T00:00:00Z\"", "\"+10000-01-01T00:00:00Z\"", "\"-999999999-01-01T00:00:00Z\"",
			"\"not a date\"");

	/** Whole bodies that are wrong whatever the endpoint. */
	private static final List<String> BODIES = List.of("", "{", "[]", "\"text\"", "null", "{\"a\":" + "[".repeat(3000)
			+ "]".repeat(3000) + "}", "{\"title\": \"\u0000\"}", new String(new byte[] { (byte) 0xC3, (byte) 0x28 },
					java.nio.charset.StandardCharsets.ISO_8859_1));

	/** Raw values for query parameters and path segments (already percent-encoded where it matters). */
	private static final List<String> RAW = List.of("%00", "a%00b", "%ED%A0%80", "%FF%FE", "%C3%28", "..%2F..%2Fetc",
			"-1", "0", "99999999999999999999999", "NaN", "x".repeat(3000));

	private int requests;

	// A generous deadline: hundreds of requests on a loaded two-core machine, and a slow answer is not the point.
	private WebTestClient patient;

	@Test
	void hostileInputGetsA4xxProblemNeverA5xxAndTheServiceStaysHealthy() {
		this.patient = this.client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		String slug = newArticle();
		Map<String, Map<String, Object>> bodies = new LinkedHashMap<>();
		bodies.put("PUT /api/articles/" + slug, Map.of("title", "T", "url", "https://news.example.com/t",
				"section", "world", "summary", "S", "publishedAt", "2024-06-22T09:07:00Z", "updatedAt",
				"2024-06-22T09:07:00Z"));
		bodies.put("POST /api/articles/" + slug + "/comments",
				Map.of("name", "Ann", "email", "ann@example.com", "body", "Hello", "parentId", 1));
		bodies.put("POST /api/staff", Map.of("username", "hostile-" + unique(), "password", "a long passphrase",
				"role", "EDITOR"));
		bodies.put("POST /api/articles/" + slug + "/views", Map.of("visitorId", "v", "referrer", "https://t.co/x"));
		bodies.put("POST /api/articles/" + slug + "/pings", Map.of("visitorId", "v"));
		bodies.put("PUT /api/articles/" + slug + "/reaction", Map.of("kind", "like"));
		for (Map.Entry<String, Map<String, Object>> endpoint : bodies.entrySet()) {
			String[] route = endpoint.getKey().split(" ");
			for (String field : endpoint.getValue().keySet()) {
				for (String value : STRINGS) {
					send(route[0], route[1], json(endpoint.getValue(), field, value), MediaType.APPLICATION_JSON);
				}
			}
			for (String body : BODIES) {
				send(route[0], route[1], body, MediaType.APPLICATION_JSON);
			}
			send(route[0], route[1], "<xml/>", MediaType.APPLICATION_XML);
			send(route[0], route[1], "title=x", MediaType.APPLICATION_FORM_URLENCODED);
		}
		List<String> queries = List.of("/api/articles?limit=", "/api/articles?cursor=", "/api/trending?section=",
				"/api/trending?limit=", "/api/articles/" + slug + "/comments?cursor=",
				"/api/articles/" + slug + "/comments?limit=", "/api/moderation/comments?status=",
				"/api/moderation/comments?cursor=", "/api/trending/stream?limit=",
				"/api/articles/" + slug + "/audience?minutes=", "/api/dashboard/stream?limit=");
		for (String query : queries) {
			for (String raw : RAW) {
				send("GET", query + raw, null, null);
			}
			// The parameter without "=" or a value at all (a stream would then open and never end).
			if (!query.contains("/stream")) {
				send("GET", query.substring(0, query.length() - 1), null, null);
			}
		}
		List<String> paths = List.of("GET /api/articles/", "DELETE /api/articles/", "DELETE /api/staff/",
				"POST /api/moderation/comments/{}/approve", "POST /api/moderation/comments/{}/reject",
				"DELETE /api/comments/", "GET /articles/", "GET /api/articles/{}/comments", "POST /api/articles/{}/views",
				"POST /api/articles/{}/pings", "GET /api/articles/{}/audience");
		for (String path : paths) {
			String[] route = path.split(" ");
			for (String raw : RAW) {
				String uri = route[1].contains("{}") ? route[1].replace("{}", raw) : route[1] + raw;
				send(route[0], uri, route[0].equals("POST") ? "{}" : null, MediaType.APPLICATION_JSON);
			}
		}
		for (String lastEventId : List.of("1\r\nevent: injected", "-5", "99999999999999999999", "abc", "x".repeat(5000))) {
			// Sent as a client can send it: line breaks folded to spaces (a header cannot hold them).
			try (SseStream stream = sse("/api/articles/{slug}/stream", slug).lastEventId(lastEventId.replace("\r\n", " "))
				.open()) {
				this.requests++;
				SseStream.Event first = stream.awaitEvent((event) -> !event.isHeartbeat(), Duration.ofSeconds(10));
				assertThat(first.name()).as("Last-Event-ID " + abbreviate(lastEventId)).isIn("stats", "reset");
				assertThat(stream.events()).as("nothing injected").noneMatch((event) -> "injected".equals(event.name()));
			}
		}
		// Basic credentials as raw bytes: a NUL in the name, bytes that are not UTF-8, a very long name.
		for (byte[] credentials : List.of("nul\u0000name:whatever".getBytes(StandardCharsets.UTF_8),
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80, ':', 'p' },
				("x".repeat(5000) + ":p").getBytes(StandardCharsets.UTF_8), "no-colon".getBytes(StandardCharsets.UTF_8))) {
			check("Basic " + abbreviate(new String(credentials, StandardCharsets.UTF_8)), this.client.get()
				.uri("/api/staff")
				.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString(credentials))
				.exchange()
				.expectBody()
				.returnResult());
		}
		check("a password over 72 bytes", this.client.get().uri("/api/staff")
			.headers((headers) -> headers.setBasicAuth(staff(Role.ADMIN).username(), "p".repeat(100)))
			.exchange()
			.expectBody()
			.returnResult());

		assertThat(this.requests).as("requests sent").isGreaterThan(600);
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.client.get().uri("/api/articles/{slug}", slug).exchange().expectStatus().isOk();
	}

	private void send(String method, String uri, String body, MediaType type) {
		WebTestClient.RequestBodySpec request = this.patient.method(HttpMethod.valueOf(method)).uri(absolute(uri));
		if (uri.startsWith("/api/staff") || uri.startsWith("/api/moderation") || uri.startsWith("/api/comments")
				|| uri.contains("/audience") || uri.startsWith("/api/dashboard") || method.equals("PUT") && !uri.endsWith("/reaction") || method.equals("DELETE") && uri.startsWith("/api/articles")) {
			as(Role.ADMIN, request);
		}
		request.header(HttpHeaders.USER_AGENT, BROWSER);
		WebTestClient.RequestHeadersSpec<?> ready = (body != null) ? request.contentType(type).bodyValue(body) : request;
		check(method + " " + abbreviate(uri) + " " + abbreviate(String.valueOf(body)),
				ready.exchange().expectBody().returnResult());
	}

	private void check(String what, EntityExchangeResult<byte[]> result) {
		this.requests++;
		int status = result.getStatus().value();
		assertThat(status).as(what).isLessThan(500);
		if (status >= 400 && !what.contains(" /articles/")) {
			assertThat(result.getResponseHeaders().getContentType()).as(what + " -> " + status)
				.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		}
		else if (status >= 400) {
			// A reader's page answers as a page does: the "story not found" page.
			assertThat(result.getResponseHeaders().getContentType()).as(what + " -> " + status)
				.isIn(MediaType.APPLICATION_PROBLEM_JSON, MediaType.parseMediaType("text/html;charset=UTF-8"));
		}
	}

	// As sent: a URI template would encode the percent signs again.
	private URI absolute(String path) {
		return URI.create("http://localhost:" + port() + path);
	}

	private static String json(Map<String, Object> valid, String field, String value) {
		List<String> members = new ArrayList<>();
		valid.forEach((name, good) -> members.add("\"" + name + "\": "
				+ (name.equals(field) ? value : (good instanceof String text) ? "\"" + text + "\"" : good)));
		return "{" + String.join(", ", members) + "}";
	}

	private static String abbreviate(String text) {
		return (text.length() > 80) ? text.substring(0, 80) + "…" : text;
	}

}
