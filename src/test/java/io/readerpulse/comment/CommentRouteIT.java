package io.readerpulse.comment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.readerpulse.IntegrationTest;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guest's comment is answered below WebFlux (see {@link CommentRoute}): it must answer as the rest of the
 * API does, and a comment that comes with credentials must still meet the security chain.
 */
class CommentRouteIT extends IntegrationTest {

	private static final Map<String, String> COMMENT = Map.of("name", "Ann", "email", "ann@example.com", "body",
			"Seen it live");

	@Test
	void aGuestsCommentIsAnsweredWithTheApisHeadersAndTimedAsARequest() {
		String slug = newArticle();
		this.client.post().uri("/api/articles/{slug}/comments", slug)
			.bodyValue(COMMENT)
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().valueMatches(HttpHeaders.LOCATION, "/api/articles/" + slug + "/comments/[0-9]+")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate")
			.expectHeader().valueEquals(HttpHeaders.PRAGMA, "no-cache")
			.expectHeader().valueEquals(HttpHeaders.EXPIRES, "0")
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectHeader().valueEquals("X-XSS-Protection", "0")
			.expectHeader().valueEquals("Referrer-Policy", "strict-origin-when-cross-origin")
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader().doesNotExist("Strict-Transport-Security")
			.expectBody()
			.jsonPath("$.articleSlug").isEqualTo(slug)
			.jsonPath("$.authorName").isEqualTo("Ann")
			.jsonPath("$.status").isEqualTo("PUBLISHED")
			.jsonPath("$.email").doesNotExist();
		this.client.post().uri("/api/articles/{slug}/comments", slug)
			.bodyValue(Map.of("name", "", "email", "ann@example.com", "body", "Seen it"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectBody().jsonPath("$.errors.name").isEqualTo("must not be blank");
		as(Role.ADMIN, this.client.get().uri("/actuator/prometheus")).exchange().expectStatus().isOk()
			.expectBody(String.class).value((metrics) -> assertThat(metrics)
				.containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\",outcome=\"SUCCESS\","
						+ "status=\"201\",uri=\"/api/articles/\\{slug}/comments\"} [1-9]")
				.containsPattern("http_server_requests_seconds_count\\{[^}]*outcome=\"CLIENT_ERROR\",status=\"400\","
						+ "uri=\"/api/articles/\\{slug}/comments\"}"));
	}

	@Test
	void aBodyOfAnotherTypeOrOverTheLimitIsRefusedWithAProblem() throws Exception {
		String slug = newArticle();
		this.client.post().uri("/api/articles/{slug}/comments", slug)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"body\":\"Plain\"}")
			.exchange()
			.expectStatus().isEqualTo(415)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().value(HttpHeaders.ACCEPT, (accept) -> assertThat(accept).contains("application/json"))
			.expectBody().jsonPath("$.detail").isEqualTo("Content-Type 'text/plain' is not supported.");
		// A header no client library would send, so sent by hand.
		HttpResponse<String> unparsable = HttpClient.newHttpClient().send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + port() + "/api/articles/" + slug + "/comments"))
			.header(HttpHeaders.CONTENT_TYPE, "not a media type")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(unparsable.statusCode()).isEqualTo(415);
		assertThat(unparsable.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValue("application/problem+json");
		// Chunked, so no length is declared: refused as it arrives.
		Flux<DataBuffer> chunks = Flux.range(0, 5).map((i) -> DefaultDataBufferFactory.sharedInstance
			.wrap(((i == 0) ? "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"body\":\"" : "")
				.concat("x".repeat(4000)).getBytes(StandardCharsets.UTF_8)));
		this.client.post().uri("/api/articles/{slug}/comments", slug)
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunks, DataBuffer.class)
			.exchange()
			.expectStatus().isEqualTo(413)
			.expectBody().jsonPath("$.type").isEqualTo("/problems/body-too-large");
		this.client.get().uri("/api/articles/{slug}/comments", slug).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.items").isEmpty();
	}

	@Test
	void aCommentWithCredentialsMeetsTheSecurityChain() {
		String slug = newArticle();
		this.client.post().uri("/api/articles/{slug}/comments", slug)
			.headers((headers) -> headers.setBearerAuth("not-a-token"))
			.bodyValue(COMMENT)
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, (value) -> assertThat(value).startsWith("Bearer"));
		this.client.post().uri("/api/articles/{slug}/comments", slug)
			.header(HttpHeaders.COOKIE, "SESSION=whatever")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.bodyValue(COMMENT)
			.exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.type").isEqualTo("/problems/cross-site-request");
		Map<String, Object> device = this.client.post().uri("/api/auth/device").exchange()
			.expectStatus().isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();
		this.client.post().uri("/api/articles/{slug}/comments", slug)
			.headers((headers) -> headers.setBearerAuth(String.valueOf(device.get("token"))))
			.bodyValue(COMMENT)
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals("X-Frame-Options", "DENY");
		this.client.get().uri("/api/articles/{slug}/comments", slug).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.items.length()").isEqualTo(1);
	}

}
