package io.readerpulse.site;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class PagesIT extends IntegrationTest {

	@Test
	void theFrontPageLoadsItsScriptsUnderAStrictPolicy() {
		String html = this.client.get().uri("/").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader().valueEquals("Content-Security-Policy", Pages.CONTENT_SECURITY_POLICY)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(html).contains("<script src=\"/assets/home.js\" defer></script>").doesNotContain("<script>");
		this.client.get().uri("/assets/home.js").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith("text/javascript");
		this.client.get().uri("/assets/pulse.css").exchange().expectStatus().isOk();
	}

	@Test
	void aStoryHasAReaderPageWithTheCommentForm() {
		String slug = newArticle();
		String html = this.client.get().uri("/articles/{slug}", slug).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader().valueEquals("Content-Security-Policy", Pages.CONTENT_SECURITY_POLICY)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(html).contains("Your email address will not be published. Required fields are marked *")
			.contains("<script src=\"/assets/article.js\" defer></script>");
	}

	@Test
	void anUnknownStoryIsAPageNotFound() {
		this.client.get().uri("/articles/no-such-story-{id}", unique()).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class).value((html) -> assertThat(html).contains("Story not found"));
		this.client.get().uri("/articles/Not_A_Slug").exchange().expectStatus().isNotFound();
	}

	@Test
	void scriptsNeverInsertMarkup() {
		// Readers' names and comments reach the page only through textContent.
		for (String script : new String[] { "pulse.js", "home.js", "article.js" }) {
			String source = this.client.get().uri("/assets/" + script).exchange()
				.expectStatus().isOk()
				.expectBody(String.class).returnResult().getResponseBody();
			assertThat(source).as(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write");
		}
	}

}
