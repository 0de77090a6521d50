package io.readerpulse.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import io.readerpulse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff pages in a real browser: signing in, the live board, the moderation desk, signing out, and a
 * form of another site that tries to act for a signed-in moderator.
 */
class BrowserStaffPagesIT extends IntegrationTest {

	private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/124.0 Safari/537.36";

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void theDashboardAsksForASignInRefusesAWrongPasswordThenShowsTheLiveBoard() {
		String section = "browser-" + unique();
		String slug = story(section);
		views(slug, 5, "first");
		Browser editor = browsers.of("editor");
		editor.open(base() + "/dashboard");
		editor.waitUntil(ExpectedConditions.urlContains("/signin?next=%2Fdashboard"));
		Credentials credentials = staff(Role.EDITOR);
		submit(editor, credentials.username(), "not the password");
		editor.waitFor(By.cssSelector("[role=alert]"));
		assertThat(editor.driver().findElement(By.cssSelector("[role=alert]")).getText())
			.contains("do not match a staff account");
		editor.assertNoAccessibilityViolations();

		submit(editor, credentials.username(), credentials.password());
		editor.waitUntil(ExpectedConditions.urlToBe(base() + "/dashboard"));
		editor.open(base() + "/dashboard?section=" + section);
		String row = "#board-rows tr[data-slug='" + slug + "']";
		editor.waitFor(By.cssSelector(row));
		assertThat(new Select(editor.driver().findElement(By.id("section"))).getFirstSelectedOption().getText())
			.isEqualTo(section);
		assertThat(read(editor, slug, ".reading", "textContent")).isEqualTo("0");
		String before = read(editor, slug, "svg.sparkline polyline", "points");

		views(slug, 7, "second");
		editor.waitUntil((driver) -> !read(editor, slug, "svg.sparkline polyline", "points").equals(before));
		editor.waitUntil((driver) -> read(editor, slug, "svg.sparkline", "aria-label").startsWith("12 views in the last hour"));
		editor.assertNoAccessibilityViolations();

		// A story's own panel: its audience, from /audience.
		editor.click(By.cssSelector(row + " button.open-panel"));
		editor.waitForText(By.id("panel-title"), "Story " + slug);
		editor.waitFor(By.cssSelector("#panel-hour svg"));
		editor.waitUntil((driver) -> driver.findElements(By.cssSelector("#panel-sources li")).size() == 5);
		editor.assertNoAccessibilityViolations();

		editor.driver().findElement(By.cssSelector("form.signout button")).click();
		editor.waitUntil(ExpectedConditions.urlToBe(base() + "/signin?signedOut"));
		editor.open(base() + "/dashboard");
		editor.waitUntil(ExpectedConditions.urlContains("/signin?next="));
	}

	@Test
	void aModeratorApprovesAHeldCommentThatThenAppearsLiveOnTheReaderPage() {
		String slug = newArticle();
		long held = heldComment(slug, "Held until a moderator looks, " + unique());
		Browser reader = browsers.of("reader");
		reader.open(base() + "/articles/" + slug);
		reader.waitForText(By.id("reading"), "1");
		assertThat(reader.findAll(By.cssSelector("#comments li"))).isEmpty();

		Browser moderator = signedIn("moderator", Role.MODERATOR, "/moderation");
		By item = By.cssSelector("#queue li[data-id='" + held + "']");
		WebElement entry = moderator.waitFor(item);
		assertThat(entry.findElement(By.cssSelector(".email")).getText()).contains("held@example.com");
		moderator.assertNoAccessibilityViolations();

		// A comment held while the desk is open appears without a reload.
		long later = heldComment(slug, "Held while the desk is open, " + unique());
		moderator.waitFor(By.cssSelector("#queue li[data-id='" + later + "']"));

		moderator.driver().findElement(item).findElement(By.cssSelector("button.approve")).click();
		moderator.waitUntil(ExpectedConditions.invisibilityOfElementLocated(item));
		moderator.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("queue-status"), "Approved"));
		reader.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#comments li .body"),
				"Held until a moderator looks"));
		assertThat(reader.driver().getPageSource()).as("the email stays on the desk").doesNotContain("held@example.com");
	}

	@Test
	void aFormOnAnotherSiteCannotActForASignedInModerator() throws IOException {
		String slug = newArticle();
		long held = heldComment(slug, "Nobody approved this, " + unique());
		Browser moderator = signedIn("moderator", Role.MODERATOR, "/moderation");
		// Another site's page that submits forms to this one as soon as it loads.
		HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		String page = "<!doctype html><title>Win a prize</title>"
				+ "<form id=approve method=post action='" + base() + "/api/moderation/comments/" + held + "/approve'></form>"
				+ "<script>document.getElementById('approve').submit()</script>";
		attacker.createContext("/", (exchange) -> {
			byte[] body = page.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		attacker.start();
		try {
			moderator.open("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
			moderator.waitUntil(ExpectedConditions.urlContains("/api/moderation/comments/" + held + "/approve"));
			assertThat(moderator.driver().getPageSource()).doesNotContain("\"status\":\"PUBLISHED\"");
		}
		finally {
			attacker.stop(0);
		}
		as(Role.MODERATOR, this.client.get().uri("/api/moderation/comments?status=PENDING&limit=100")).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.items[?(@.id == " + held + ")].status").isEqualTo("PENDING");
		// And the moderator is still signed in: the desk opens without a sign-in.
		moderator.open(base() + "/moderation");
		moderator.waitFor(By.id("queue"));
		assertThat(moderator.driver().getCurrentUrl()).isEqualTo(base() + "/moderation");
	}

	private Browser signedIn(String name, Role role, String page) {
		Browser browser = browsers.of(name);
		browser.open(base() + page);
		if (browser.driver().getCurrentUrl().contains("/signin")) {
			Credentials credentials = staff(role);
			submit(browser, credentials.username(), credentials.password());
			browser.waitUntil(ExpectedConditions.urlToBe(base() + page));
		}
		return browser;
	}

	private static void submit(Browser browser, String username, String password) {
		WebElement name = browser.waitFor(By.id("username"));
		name.clear();
		name.sendKeys(username);
		WebElement secret = browser.driver().findElement(By.id("password"));
		secret.clear();
		secret.sendKeys(password);
		browser.driver().findElement(By.cssSelector("main form button[type=submit]")).click();
	}

	// Read in one step inside the page: the board redraws its charts every second, so an element found in one
	// call may be gone by the next.
	private static String read(Browser browser, String slug, String selector, String what) {
		Object value = ((JavascriptExecutor) browser.driver()).executeScript(
				"const element = document.querySelector('#board-rows tr[data-slug=\"' + arguments[0] + '\"] ' + arguments[1]);"
						+ "if (!element) return '';"
						+ "return arguments[2] === 'textContent' ? element.textContent : (element.getAttribute(arguments[2]) || '');",
				slug, selector, what);
		return String.valueOf(value);
	}

	private String base() {
		return "http://localhost:" + port();
	}

	private String story(String section) {
		String slug = "story-" + unique();
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", slug))
			.bodyValue(Map.of("title", "Story " + slug, "url", "https://news.example.com/" + slug, "section", section))
			.exchange()
			.expectStatus().isCreated();
		return slug;
	}

	private void views(String slug, int count, String batch) {
		for (int i = 0; i < count; i++) {
			this.client.post().uri("/api/articles/{slug}/views", slug)
				.header("User-Agent", BROWSER)
				.bodyValue(Map.of("visitorId", batch + "-" + i, "referrer", "https://t.co/x"))
				.exchange()
				.expectStatus().isAccepted();
		}
	}

	private long heldComment(String slug, String body) {
		Number id = (Number) this.client.post().uri("/api/articles/{slug}/comments", slug)
			.bodyValue(Map.of("name", "Held reader", "email", "held@example.com", "body", body + " forbiddenword"))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		return id.longValue();
	}

}
