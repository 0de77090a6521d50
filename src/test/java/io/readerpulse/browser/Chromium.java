package io.readerpulse.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and its chromedriver, the only browser the browser tests drive. Both paths are given to
 * Selenium, so Selenium Manager is never asked to find, or download, a browser or a driver.
 */
final class Chromium {

	static final Path BINARY = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	static final String MISSING = "Browser tests skipped: apt-get install chromium chromium-driver";

	private static final String[] FLAGS = { "--headless=new", "--no-sandbox", "--disable-gpu",
			"--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--window-size=1280,900" };

	// Selenium looks for a DevTools binding matching the browser's version and warns at every start that none
	// is there; the tests use none (they speak WebDriver, and plain CDP commands through chromedriver).
	// Kept in a field: java.util.logging holds its loggers weakly, and a collected one forgets its level.
	private static final Logger cdpVersionFinder = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

	private Chromium() {
	}

	private static Logger quiet(String name) {
		Logger logger = Logger.getLogger(name);
		logger.setLevel(Level.SEVERE);
		return logger;
	}

	/**
	 * Whether the browser and its driver are installed here.
	 * @return true when both can be run
	 */
	static boolean installed() {
		return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
	}

	/**
	 * Starts a headless Chromium with a fresh profile of its own.
	 * @param profile an empty folder for the profile, deleted by the caller once the browser has quit
	 * @return the browser's driver
	 */
	static ChromeDriver start(Path profile) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BINARY.toFile());
		options.addArguments(FLAGS);
		options.addArguments("--user-data-dir=" + profile);
		// An alert stays open for the test to see (the XSS test looks for one) instead of being dismissed.
		options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.withTimeout(Duration.ofSeconds(30))
			.build();
		return new ChromeDriver(service, options);
	}

}
