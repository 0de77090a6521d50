package io.readerpulse.comment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;

import io.readerpulse.IntegrationTest;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
		List<String> streamed = new CopyOnWriteArrayList<>();
		WebClient web = WebClient.create("http://localhost:" + port());
		// From the story's first event: a stream that connects after the posts below still gets them all.
		Disposable stream = web.get().uri("/api/articles/{slug}/stream?lastEventId=0", slug).accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve().bodyToFlux(String.class).subscribe(streamed::add);
		try {
			String published = post(slug, Map.of("name", "Private Person", "email", email, "body", "Hello there"));
			outputs.add(published);
			long parent = Long.parseLong(published.replaceAll("^\\{\"id\":(\\d+).*$", "$1"));
			outputs.add(post(slug, Map.of("name", "Private Person", "email", email, "body", "forbiddenword, held")));
			outputs.add(post(slug, Map.of("name", "Private Person", "email", email, "body", "a reply",
					"parentId", parent)));
			outputs.add(post(slug, Map.of("name", "Private Person", "email", email, "body", "Hello there")));
			outputs.add(post(slug, Map.of("name", "", "email", email, "body", "")));
			outputs.add(post(slug, Map.of("name", "Private Person", "email", email + " not valid", "body", "x")));
			outputs.add(post(slug, Map.of("name", "Private Person", "email", email, "body", "y", "parentId", -1)));
			await().atMost(Duration.ofSeconds(5)).until(() -> String.join("", streamed).contains("a reply"));
			outputs.add(get("/api/articles/" + slug + "/comments"));
			outputs.add(get("/api/articles/" + slug));
			outputs.add(get("/api/articles?limit=100"));
			outputs.add(get("/api/trending?limit=100"));
			assertThat(outputs).allSatisfy((output) -> assertThat(output).doesNotContainIgnoringCase(email));
			assertThat(String.join("\n", streamed)).doesNotContainIgnoringCase(email);
			assertThat(log.getAll()).doesNotContainIgnoringCase(email);
			// Moderators, and only they, see it.
			as(Role.MODERATOR, this.client.get().uri("/api/moderation/comments?status=PENDING&limit=100")).exchange()
				.expectBody(String.class).value((body) -> assertThat(body).contains(email));
		}
		finally {
			stream.dispose();
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
