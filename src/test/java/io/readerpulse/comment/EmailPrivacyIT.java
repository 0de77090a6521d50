package io.readerpulse.comment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.readerpulse.IntegrationTest;
import io.readerpulse.SseStream;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Your email address will not be published": a full scenario, and every public output of it scanned for
 * the address — responses, errors, lists, stats, the trending board, the live stream and the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmailPrivacyIT extends IntegrationTest {

	@Test
	void theEmailAppearsInNoPublicOutput(CapturedOutput log) {
		String slug = newArticle();
		String email = "very-private-" + unique() + "@example.com";
		List<String> outputs = new ArrayList<>();
		// From the story's first event: a stream that connects after the posts below still gets them all.
		try (SseStream stream = openStream("/api/articles/{slug}/stream?lastEventId=0", slug)) {
			String published = post(slug, Map.of("name", "Private Person", "email", email, "body", "Hello there"));
			outputs.add(published);
			long parent = this.json.readTree(published).get("id").longValue();
			outputs.add(post(slug, Map.of("name", "Private Person", "email", email, "body", "forbiddenword, held")));
			outputs.add(post(slug, Map.of("name", "Private Person", "email", email, "body", "a reply",
					"parentId", parent)));
			outputs.add(post(slug, Map.of("name", "Private Person", "email", email, "body", "Hello there")));
			outputs.add(post(slug, Map.of("name", "", "email", email, "body", "")));
			outputs.add(post(slug, Map.of("name", "Private Person", "email", email + " not valid", "body", "x")));
			outputs.add(post(slug, Map.of("name", "Private Person", "email", email, "body", "y", "parentId", -1)));
			stream.awaitEvent((e) -> "comment".equals(e.name()) && "a reply".equals(e.json().get("body").asString()),
					Duration.ofSeconds(5));
			outputs.add(get("/api/articles/" + slug + "/comments"));
			outputs.add(get("/api/articles/" + slug));
			outputs.add(get("/api/articles?limit=100"));
			outputs.add(get("/api/trending?limit=100"));
			assertThat(outputs).allSatisfy((output) -> assertThat(output).doesNotContainIgnoringCase(email));
			// Every byte of data the stream carried, not only the fields a reader would look at.
			List<String> streamed = stream.events().stream().map(SseStream.Event::data).filter(Objects::nonNull).toList();
			assertThat(String.join("\n", streamed)).doesNotContainIgnoringCase(email);
			assertThat(log.getAll()).doesNotContainIgnoringCase(email);
			// Moderators, and only they, see it.
			as(Role.MODERATOR, this.client.get().uri("/api/moderation/comments?status=PENDING&limit=100")).exchange()
				.expectBody(String.class).value((body) -> assertThat(body).contains(email));
		}
	}

	private String post(String slug, Map<String, ?> body) {
		return this.client.post().uri("/api/articles/{slug}/comments", slug).bodyValue(body).exchange()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private String get(String uri) {
		return this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody();
	}

}
