package io.readerpulse.reaction;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;
import io.readerpulse.live.Stats;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static io.readerpulse.SseStream.named;
import static org.assertj.core.api.Assertions.assertThat;

class ReactionApiIT extends IntegrationTest {

	@Test
	void deviceTokenIsASignedJwtForThisApi() throws Exception {
		Map<String, Object> issued = this.client.post().uri("/api/auth/device").exchange()
			.expectStatus().isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();
		assertThat(issued).containsEntry("tokenType", "Bearer");
		assertThat(Instant.parse((String) issued.get("expiresAt")))
			.isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
		JWTClaimsSet claims = SignedJWT.parse((String) issued.get("token")).getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo("reader-pulse");
		assertThat(claims.getAudience()).containsExactly("reader-pulse-api");
		assertThat(claims.getSubject()).startsWith("device:");
		String other = deviceToken();
		assertThat(SignedJWT.parse(other).getJWTClaimsSet().getSubject()).as("each device is new")
			.isNotEqualTo(claims.getSubject());
	}

	@Test
	void settingSwitchingRepeatingAndRemovingAReaction() {
		String slug = newArticle();
		String token = deviceToken();
		react(slug, token, "like").expectStatus().isOk()
			.expectBody().jsonPath("$.kind").isEqualTo("like").jsonPath("$.reactions.like").isEqualTo(1);
		react(slug, token, "love").expectStatus().isOk()
			.expectBody().jsonPath("$.reactions.like").isEqualTo(0).jsonPath("$.reactions.love").isEqualTo(1);
		react(slug, token, "love").expectStatus().isOk()
			.expectBody().jsonPath("$.kind").isEqualTo("love").jsonPath("$.reactions.love").isEqualTo(1);
		react(slug, deviceToken(), "love").expectStatus().isOk()
			.expectBody().jsonPath("$.reactions.love").isEqualTo(2);
		remove(slug, token).expectStatus().isNoContent();
		remove(slug, token).expectStatus().isNoContent();
		assertThat(statsOf(slug).reactions()).isEqualTo(new Stats.Reactions(0, 1, 0, 0, 0, 0));
	}

	@Test
	void manyParallelRequestsOfOneUserLeaveExactlyOneReaction() {
		String slug = newArticle();
		String token = deviceToken();
		List<String> kinds = List.of("like", "love", "haha", "wow", "sad", "angry");
		WebClient web = WebClient.create("http://localhost:" + port());
		Flux.range(0, 60)
			.flatMap((i) -> web.put().uri("/api/articles/{slug}/reaction", slug)
				.headers((headers) -> headers.setBearerAuth(token))
				.bodyValue(Map.of("kind", kinds.get(i % kinds.size())))
				.retrieve()
				.toBodilessEntity(), 16)
			.blockLast(Duration.ofSeconds(60));
		Stats.Reactions counts = statsOf(slug).reactions();
		assertThat(counts.like() + counts.love() + counts.haha() + counts.wow() + counts.sad() + counts.angry())
			.isEqualTo(1);
	}

	@Test
	void tamperedExpiredForeignAndMisaddressedTokensAreRejected() throws Exception {
		String slug = newArticle();
		String good = deviceToken();
		String tampered = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");
		byte[] key = this.database.sql("select secret from token_key where id = 1")
			.map((row) -> row.get("secret", byte[].class)).one().block();
		String expired = sign(key, "reader-pulse-api", Instant.now().minus(Duration.ofHours(2)));
		String wrongAudience = sign(key, "someone-else", Instant.now().plus(Duration.ofHours(1)));
		String foreign = sign("a-different-secret-of-at-least-32-bytes!".getBytes(), "reader-pulse-api",
				Instant.now().plus(Duration.ofHours(1)));
		for (String bad : List.of(tampered, expired, wrongAudience, foreign, "not-a-jwt")) {
			react(slug, bad, "like").expectStatus().isUnauthorized()
				.expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		this.client.put().uri("/api/articles/{slug}/reaction", slug).bodyValue(Map.of("kind", "like")).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("WWW-Authenticate", "Bearer");
		as(Role.ADMIN, this.client.put().uri("/api/articles/{slug}/reaction", slug))
			.bodyValue(Map.of("kind", "like"))
			.exchange()
			.expectStatus().isForbidden();
		react(slug, good, "like").expectStatus().isOk();
		assertThat(statsOf(slug).reactions().like()).isEqualTo(1);
	}

	@Test
	void unknownStoryAndUnknownKind() {
		String token = deviceToken();
		react("no-such-story-" + unique(), token, "like").expectStatus().isNotFound();
		react(newArticle(), token, "meh").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.kind").isEqualTo("must be one of like, love, haha, wow, sad, angry");
	}

	@Test
	void openStreamsSeeReactionsLive() {
		String slug = newArticle();
		try (SseStream stream = openStream("/api/articles/{slug}/stream", slug)) {
			stream.awaitEvent(named("stats"), Duration.ofSeconds(5));
			react(slug, deviceToken(), "wow").expectStatus().isOk();
			stream.awaitLatest("stats", (event) -> event.as(Stats.class).reactions().wow() == 1, Duration.ofSeconds(5));
			assertThat(statsOf(slug).trending().score()).as("a reaction counts towards trending").isGreaterThan(0);
		}
	}

	private WebTestClient.ResponseSpec react(String slug, String token, String kind) {
		return this.client.put().uri("/api/articles/{slug}/reaction", slug)
			.headers((headers) -> headers.setBearerAuth(token))
			.bodyValue(Map.of("kind", kind))
			.exchange();
	}

	private WebTestClient.ResponseSpec remove(String slug, String token) {
		return this.client.delete().uri("/api/articles/{slug}/reaction", slug)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange();
	}

	private static String sign(byte[] key, String audience, Instant expires) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
			.subject("device:" + UUID.randomUUID())
			.issuer("reader-pulse")
			.audience(audience)
			.issueTime(Date.from(expires.minus(Duration.ofDays(1))))
			.expirationTime(Date.from(expires))
			.build());
		jwt.sign(new MACSigner(key));
		return jwt.serialize();
	}

}
