package io.readerpulse.browser;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The browsers of one test class, registered as a static {@code @RegisterExtension} field. Each browser
 * starts on first use and serves every test of the class, keeping its profile (visitor id, device token) from
 * one test to the next, since a Chromium takes two to three seconds to start; all quit after the class. Without Chromium and chromedriver the class is skipped, with one line that says what
 * to install. When a test fails, each open browser's screenshot and page source are saved in
 * {@code target/browser/}.
 */
final class Browsers implements ExecutionCondition, TestWatcher, AfterAllCallback {

	static final Path SNAPSHOTS = Path.of("target", "browser");

	// Said once per test run, not once per skipped class.
	private static final AtomicBoolean toldMissing = new AtomicBoolean();

	private final Map<String, Browser> open = new LinkedHashMap<>();

	private final BooleanSupplier installed;

	private final Consumer<String> console;

	Browsers() {
		this(Chromium::installed, System.out::println);
	}

	Browsers(BooleanSupplier installed, Consumer<String> console) {
		this.installed = installed;
		this.console = console;
	}

	/**
	 * The browser of a reader, started the first time the class asks for it.
	 * @param reader what the test calls the reader
	 * @return its browser
	 */
	synchronized Browser of(String reader) {
		return this.open.computeIfAbsent(reader, Browser::start);
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (this.installed.getAsBoolean()) {
			return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
		}
		if (toldMissing.compareAndSet(false, true)) {
			this.console.accept(Chromium.MISSING);
		}
		return ConditionEvaluationResult.disabled(Chromium.MISSING);
	}

	@Override
	public void testFailed(ExtensionContext context, Throwable cause) {
		String test = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
		for (Browser browser : browsers()) {
			String prefix = test + "-" + browser.name();
			try {
				browser.snapshot(SNAPSHOTS, prefix);
				this.console.accept("Browser snapshot: " + SNAPSHOTS.resolve(prefix) + ".png and .html");
			}
			catch (IOException | RuntimeException ex) {
				// The test's own failure is what matters; a browser that crashed may have nothing to show.
				this.console.accept("No browser snapshot of " + prefix + ": " + ex);
			}
		}
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		RuntimeException failure = null;
		for (Browser browser : this.open.values()) {
			try {
				browser.close();
			}
			catch (RuntimeException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		this.open.clear();
		if (failure != null) {
			throw failure;
		}
	}

	private synchronized List<Browser> browsers() {
		return new ArrayList<>(this.open.values());
	}

}
