package io.readerpulse.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.readerpulse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's screenshots of the reader page, the dashboard and the moderation desk, made from a story
 * with readers, comments and a held comment, into {@code target/screenshots/} (copy them to
 * {@code docs/screenshots/} to update the README).
 */
class BrowserScreenshotsIT extends IntegrationTest {

	static final Path FOLDER = Path.of("target", "screenshots");

	private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/124.0 Safari/537.36";

	private static final String[] REFERRERS = { "https://l.facebook.com/", "https://t.co/x", "https://www.google.com/",
			"", "https://www.reddit.com/r/videos/", "https://news.example.com/" };

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void theReaderPageTheDashboardAndTheModerationDesk() throws Exception {
		String section = "shots-" + unique();
		String slug = "kim-putin-limousine-" + unique();
		as(Role.EDITOR, this.client.put().uri("/api/articles/{slug}", slug))
			.bodyValue(Map.of("title", "Kim had fun with the driver Putin, the video went viral", "url",
					"https://news.example.com/world/" + slug, "section", section, "summary",
					"A short clip from the summit's sidelines shows the two leaders laughing in the back of a limousine."))
			.exchange()
			.expectStatus().isCreated();
		for (int i = 0; i < 60; i++) {
			this.client.post().uri("/api/articles/{slug}/views", slug)
				.header("User-Agent", BROWSER)
				.bodyValue(Map.of("visitorId", "shot-" + i, "referrer", REFERRERS[i % REFERRERS.length]))
				.exchange()
				.expectStatus().isAccepted();
		}
		comment(slug, "Ann", "The video is everywhere, my whole family sent it to me.");
		comment(slug, "Bo", "Which channel aired it first?");
		comment(slug, "Chidi", "Is there a longer version of the clip? forbiddenword");

		Browser reader = browsers.of("reader");
		reader.open("http://localhost:" + port() + "/articles/" + slug);
		reader.waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#comments li"), 2));
		shoot(reader, "reader-page.png");

		Browser staff = browsers.of("staff");
		staff.open("http://localhost:" + port() + "/signin");
		Credentials admin = staff(Role.ADMIN);
		staff.waitFor(By.id("username")).sendKeys(admin.username());
		staff.driver().findElement(By.id("password")).sendKeys(admin.password());
		staff.driver().findElement(By.cssSelector("main form button[type=submit]")).click();
		staff.waitUntil(ExpectedConditions.urlContains("/dashboard"));
		staff.open("http://localhost:" + port() + "/dashboard?section=" + section);
		String row = "#board-rows tr[data-slug='" + slug + "']";
		staff.waitFor(By.cssSelector(row + " svg.sparkline"));
		staff.click(By.cssSelector(row + " button.open-panel"));
		staff.waitFor(By.cssSelector("#panel-hour svg"));
		staff.waitUntil((driver) -> driver.findElements(By.cssSelector("#panel-referrers li")).size() >= 3);
		shoot(staff, "dashboard.png");
		// At a phone's width: the board keeps rank, story, readers, velocity and sources.
		Dimension desk = staff.driver().manage().window().getSize();
		staff.driver().manage().window().setSize(new Dimension(390, 844));
		staff.waitFor(By.cssSelector(row + " button.open-panel"));
		shoot(staff, "dashboard-phone.png");
		staff.driver().manage().window().setSize(desk);

		staff.open("http://localhost:" + port() + "/moderation");
		staff.waitFor(By.cssSelector("#queue li"));
		shoot(staff, "moderation.png");
	}

	private void comment(String slug, String name, String body) {
		this.client.post().uri("/api/articles/{slug}/comments", slug)
			.bodyValue(Map.of("name", name, "email", name.toLowerCase() + "@example.com", "body", body))
			.exchange()
			.expectStatus().isCreated();
	}

	private static void shoot(Browser browser, String file) throws Exception {
		Files.createDirectories(FOLDER);
		byte[] png = ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.BYTES);
		Files.write(FOLDER.resolve(file), png);
		assertThat(png).as(file + " is a PNG").startsWith(0x89, 'P', 'N', 'G');
	}

}
