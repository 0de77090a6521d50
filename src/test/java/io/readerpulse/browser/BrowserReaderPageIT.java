package io.readerpulse.browser;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.readerpulse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader page in real browsers: what one reader does shows up live in another reader's window, and
 * whatever readers write is shown as text.
 */
class BrowserReaderPageIT extends IntegrationTest {

	private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/124.0 Safari/537.36";

	private static final By COMMENTS = By.cssSelector("#comments li");

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void aCommentPostedInOneWindowAppearsInTheOtherWithoutAReload() {
		String slug = newArticle();
		Browser alice = readerPage("alice", slug);
		Browser bob = readerPage("bob", slug);
		bothStreamsOpen(alice, bob);
		String body = "Both windows see this, " + unique();

		alice.driver().findElement(By.name("name")).sendKeys("Alice");
		alice.driver().findElement(By.name("email")).sendKeys("alice@example.com");
		alice.driver().findElement(By.name("body")).sendKeys(body);
		alice.driver().findElement(By.cssSelector("#comment-form button[type=submit]")).click();

		alice.waitForText(By.id("form-status"), "Thank you, your comment is published.");
		bob.waitForText(By.cssSelector("#comments li .body"), body);
		assertThat(bob.driver().findElement(By.cssSelector("#comments li .author")).getText()).isEqualTo("Alice");
		bob.waitForText(By.id("comment-count"), "1");
		assertThat(bob.findAll(COMMENTS)).hasSize(1);
		assertThat(stillTheSamePage(bob)).as("bob's page was not reloaded").isTrue();
		assertThat(bob.driver().getPageSource()).as("the email is never shown").doesNotContain("alice@example.com");
	}

	@Test
	void aReactionClickChangesTheShownCountInEveryWindow() {
		String slug = newArticle();
		Browser alice = readerPage("alice", slug);
		Browser bob = readerPage("bob", slug);
		bothStreamsOpen(alice, bob);
		By love = By.cssSelector(".reactions button[data-kind=love]");
		By loveCount = By.cssSelector(".reactions button[data-kind=love] span.count");

		// A screen reader hears the reaction's name and its count, not the emoji's.
		assertThat(alice.waitFor(love).getAccessibleName()).isEqualTo("Love 0");
		// The first click asks for a device token (POST /api/auth/device), then sets the reaction with it.
		alice.waitFor(love).click();
		alice.waitForText(loveCount, "1");
		bob.waitForText(loveCount, "1");
		alice.waitUntil(ExpectedConditions.attributeToBe(love, "aria-pressed", "true"));
		assertThat(bob.driver().findElement(love).getAttribute("aria-pressed")).isEqualTo("false");
		assertThat(statsOf(slug).reactions().love()).isEqualTo(1);

		// A second click on the same reaction takes it back.
		alice.driver().findElement(love).click();
		alice.waitForText(loveCount, "0");
		bob.waitForText(loveCount, "0");
		alice.waitUntil(ExpectedConditions.attributeToBe(love, "aria-pressed", "false"));
		assertThat(stillTheSamePage(alice) && stillTheSamePage(bob)).as("no page was reloaded").isTrue();
	}

	@Test
	void theViewCountMovesAsViewsArrive() {
		String slug = newArticle();
		Browser alice = readerPage("alice", slug);
		// The page's own beacon: headless Chromium's User-Agent is a browser's, so its view counts too.
		alice.waitForText(By.id("views"), "1");

		for (int reader = 1; reader <= 3; reader++) {
			this.client.post().uri("/api/articles/{slug}/views", slug)
				.header("User-Agent", BROWSER)
				.bodyValue(Map.of("visitorId", "elsewhere-" + reader + "-" + unique()))
				.exchange()
				.expectStatus().isAccepted();
		}

		alice.waitForText(By.id("views"), "4");
		assertThat(stillTheSamePage(alice)).as("the page was not reloaded").isTrue();
	}

	@Test
	void markupInANameOrACommentIsShownAsText() {
		String slug = newArticle();
		try (Tripwire tripwire = browsers.of("alice").tripwire()) {
			Browser alice = readerPage("alice", slug);
			waitForStream(alice);
			String liveName = "<script>alert('live name')</script>";
			String liveBody = "<img src=x onerror=alert(1)>";
			String formName = "<b>Bold</b><script>alert(2)</script>";
			String formBody = "<svg onload=alert(3)></svg><a href=\"javascript:alert(4)\">link</a> & &amp;";

			// One comment arrives over the live stream, the other is added from the form's response.
			this.client.post().uri("/api/articles/{slug}/comments", slug)
				.bodyValue(Map.of("name", liveName, "email", "live@example.com", "body", liveBody))
				.exchange()
				.expectStatus().isCreated();
			alice.waitUntil(ExpectedConditions.numberOfElementsToBe(COMMENTS, 1));
			assertShownAsText(alice, tripwire, List.of(liveName), List.of(liveBody));
			alice.driver().findElement(By.name("name")).sendKeys(formName);
			alice.driver().findElement(By.name("email")).sendKeys("form@example.com");
			alice.driver().findElement(By.name("body")).sendKeys(formBody);
			alice.driver().findElement(By.cssSelector("#comment-form button[type=submit]")).click();
			alice.waitForText(By.id("form-status"), "Thank you, your comment is published.");
			assertShownAsText(alice, tripwire, List.of(liveName, formName), List.of(liveBody, formBody));

			// And again as the comment list loads them, after a reload.
			alice.driver().navigate().refresh();
			alice.waitUntil(ExpectedConditions.numberOfElementsToBe(COMMENTS, 2));
			assertShownAsText(alice, tripwire, List.of(liveName, formName), List.of(liveBody, formBody));
		}
	}

	private static void assertShownAsText(Browser browser, Tripwire tripwire, List<String> names, List<String> bodies) {
		assertThat(browser.findAll(By.cssSelector("#comments li .author")).stream().map(WebElement::getText))
			.containsExactlyElementsOf(names);
		assertThat(browser.findAll(By.cssSelector("#comments li .body")).stream().map(WebElement::getText))
			.containsExactlyElementsOf(bodies);
		assertThat(browser.findAll(By.cssSelector("#comments script, #comments img, #comments svg, #comments a, #comments b")))
			.as("elements made from what readers wrote").isEmpty();
		assertThat(ExpectedConditions.alertIsPresent().apply(browser.driver())).as("an open alert").isNull();
		assertThat(tripwire.tripped()).as("alerts and refused scripts").isEmpty();
	}

	/**
	 * Opens a story's reader page in a reader's browser and waits until the story is shown (its live stream
	 * opens right after).
	 */
	private Browser readerPage(String reader, String slug) {
		Browser browser = browsers.of(reader);
		browser.open("http://localhost:" + port() + "/articles/" + slug);
		browser.waitForText(By.id("title"), "Story " + slug);
		// Marks this document: a reload would make a new one without the mark.
		((JavascriptExecutor) browser.driver()).executeScript("window.sameDocument = true");
		return browser;
	}

	private static boolean stillTheSamePage(Browser browser) {
		return Boolean.TRUE.equals(((JavascriptExecutor) browser.driver()).executeScript("return window.sameDocument === true"));
	}

	/** Waits until both pages' live streams are open: each page counts both readers. */
	private static void bothStreamsOpen(Browser one, Browser other) {
		one.waitForText(By.id("reading"), "2");
		other.waitForText(By.id("reading"), "2");
	}

	private static void waitForStream(Browser browser) {
		browser.waitForText(By.id("reading"), "1");
	}

}
