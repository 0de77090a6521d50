package io.readerpulse.browser;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.readerpulse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The readers' pages pass axe-core's WCAG 2.1 A and AA rules once they show their live content: the
 * stories, the trending board, a story with a comment thread.
 */
class BrowserAccessibilityIT extends IntegrationTest {

	private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/124.0 Safari/537.36";

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void theFrontPageHasNoWcagViolations() {
		String slug = newArticle();
		// Readers, so that the trending board has something to show (this story, or busier ones of other tests).
		for (int reader = 0; reader < 5; reader++) {
			this.client.post().uri("/api/articles/{slug}/views", slug)
				.header("User-Agent", BROWSER)
				.bodyValue(Map.of("visitorId", "front-page-" + reader + "-" + unique()))
				.exchange()
				.expectStatus().isAccepted();
		}
		Browser reader = browsers.of("reader");
		reader.open("http://localhost:" + port() + "/");
		// Any stories: tests with a clock of their own may have published newer ones than this, in the same database.
		reader.waitFor(By.cssSelector("#stories li a"));
		reader.waitFor(By.id("trending-live"));
		reader.waitFor(By.cssSelector("#trending li a"));
		reader.assertNoAccessibilityViolations();
	}

	@Test
	void aReaderPageWithCommentsHasNoWcagViolations() {
		String slug = newArticle();
		long first = comment(slug, Map.of("name", "Ann", "email", "ann@example.com", "body", "First, " + unique()));
		comment(slug, Map.of("name", "Ben", "email", "ben@example.com", "body", "A reply, " + unique(), "parentId", first));
		comment(slug, Map.of("name", "Cy", "email", "cy@example.com", "body", "Another thought,\nover two lines."));
		Browser reader = browsers.of("reader");
		reader.open("http://localhost:" + port() + "/articles/" + slug);
		reader.waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#comments li"), 3));
		reader.waitForText(By.id("reading"), "1");
		reader.assertNoAccessibilityViolations();
	}

	@Test
	void aCommentFormShowingItsErrorsHasNoWcagViolations() {
		String slug = newArticle();
		Browser reader = browsers.of("reader");
		reader.open("http://localhost:" + port() + "/articles/" + slug);
		reader.waitForText(By.id("title"), "Story " + slug);
		reader.driver().findElement(By.cssSelector("#comment-form button[type=submit]")).click();
		reader.waitUntil(ExpectedConditions.textMatches(By.cssSelector(".error[data-for=name]"), Pattern.compile(".+")));
		reader.assertNoAccessibilityViolations();
	}

	@Test
	void theCheckNamesTheRuleAndTheElementOfAViolation() {
		// Guards the check itself: a page with a known fault must fail it, so a pass above means something.
		String slug = newArticle();
		Browser reader = browsers.of("reader");
		reader.open("http://localhost:" + port() + "/articles/" + slug);
		reader.waitForText(By.id("title"), "Story " + slug);
		((JavascriptExecutor) reader.driver()).executeScript(
				"const input = document.createElement('input'); input.id = 'unlabelled'; document.querySelector('main').append(input);");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(reader::assertNoAccessibilityViolations)
			.withMessageContaining("- label (critical)")
			.withMessageContaining("#unlabelled");
	}

	/** Posts a comment, published at once, and answers its id. */
	private long comment(String slug, Map<String, Object> request) {
		Map<?, ?> comment = this.client.post().uri("/api/articles/{slug}/comments", slug)
			.bodyValue(request)
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		return ((Number) Objects.requireNonNull(comment).get("id")).longValue();
	}

}
