package io.readerpulse.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium, as one reader: opens the service's pages and waits, with a deadline, for what the
 * reader would see. Get one from {@link Browsers}, which quits it after the test class.
 */
final class Browser implements AutoCloseable {

	/** How long anything a reader waits for may take: stats are coalesced to one per second, views flush every 200 ms. */
	static final Duration PATIENCE = Duration.ofSeconds(10);

	private final String name;

	private final Path profile;

	private final ChromeDriver driver;

	private Browser(String name, Path profile, ChromeDriver driver) {
		this.name = name;
		this.profile = profile;
		this.driver = driver;
	}

	/**
	 * Starts a browser with a fresh profile: no visitor id, device token or reaction of an earlier reader.
	 * @param name what the test calls this reader, used in failure snapshots' file names
	 * @return the started browser
	 */
	static Browser start(String name) {
		Path profile;
		try {
			profile = Files.createTempDirectory("reader-pulse-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			return new Browser(name, profile, Chromium.start(profile));
		}
		catch (RuntimeException ex) {
			delete(profile);
			throw ex;
		}
	}

	String name() {
		return this.name;
	}

	/**
	 * The driver, for what this class does not cover.
	 * @return the driver
	 */
	WebDriver driver() {
		return this.driver;
	}

	/**
	 * Loads a page, as a reader typing its address.
	 * @param url the page's address
	 * @return this browser
	 */
	Browser open(String url) {
		this.driver.get(url);
		return this;
	}

	/**
	 * Waits until an element is shown.
	 * @param locator the element
	 * @return the element
	 */
	WebElement waitFor(By locator) {
		return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	/**
	 * Clicks an element once it is shown. A live page may draw the element anew between finding it and
	 * clicking it (the dashboard redraws its board with every update); the click then goes to the new one.
	 * @param locator the element
	 */
	void click(By locator) {
		waitUntil((driver) -> {
			try {
				driver.findElement(locator).click();
				return true;
			}
			catch (StaleElementReferenceException ex) {
				return false;
			}
		});
	}

	/**
	 * Waits until an element's visible text is exactly the text.
	 * @param locator the element
	 * @param text its expected text
	 */
	void waitForText(By locator, String text) {
		waitUntil(ExpectedConditions.textToBe(locator, text));
	}

	/**
	 * Waits until a condition holds; a timeout names the condition and what the page showed last.
	 * @param condition the condition, a non-null, non-false value once it holds
	 * @param <T> the condition's value
	 * @return the condition's value
	 */
	<T> T waitUntil(Function<? super WebDriver, T> condition) {
		return new WebDriverWait(this.driver, PATIENCE).until(condition);
	}

	/**
	 * The elements now on the page.
	 * @param locator the elements
	 * @return them, possibly none
	 */
	List<WebElement> findAll(By locator) {
		return this.driver.findElements(locator);
	}

	/**
	 * Sets a {@link Tripwire} in the pages this browser loads from now on.
	 * @return the tripwire, to close when the test is done with it
	 */
	Tripwire tripwire() {
		return Tripwire.set(this.driver);
	}

	/**
	 * Runs axe-core's WCAG 2.1 A and AA rules in the page as it is now.
	 * @see Accessibility#assertNoAccessibilityViolations(WebDriver)
	 */
	void assertNoAccessibilityViolations() {
		Accessibility.assertNoAccessibilityViolations(this.driver);
	}

	/**
	 * Saves what the browser shows, a screenshot and the page's source, for a test that failed.
	 * @param folder where to save them
	 * @param prefix the files' names before {@code .png} and {@code .html}
	 * @throws IOException if they cannot be written
	 */
	void snapshot(Path folder, String prefix) throws IOException {
		Files.createDirectories(folder);
		Files.write(folder.resolve(prefix + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
		Files.writeString(folder.resolve(prefix + ".html"), this.driver.getPageSource());
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			delete(this.profile);
		}
	}

	private static void delete(Path folder) {
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// A profile left in the temporary folder is untidy, not a reason to fail a test.
		}
	}

}
