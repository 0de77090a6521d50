package io.readerpulse.browser;

import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Records, in every page a browser loads while it is set, each {@code alert()} and each script or event
 * handler that the page's Content-Security-Policy refused, from before the page's own scripts run. Markup
 * from a reader that became elements and tried to run trips it whether or not the policy stopped it.
 */
final class Tripwire implements AutoCloseable {

	// Replaces alert() too, so that a tripped page does not block the driver with an open dialog.
	private static final String SCRIPT = """
			window.tripped = [];
			window.alert = (message) => window.tripped.push('alert(' + message + ')');
			document.addEventListener('securitypolicyviolation',
			    (event) => window.tripped.push('refused ' + event.violatedDirective + ': ' + event.sample));
			""";

	private final ChromeDriver driver;

	private final Object identifier;

	private Tripwire(ChromeDriver driver, Object identifier) {
		this.driver = driver;
		this.identifier = identifier;
	}

	/**
	 * Sets a tripwire for the pages a browser loads from now on (not the one it shows).
	 * @param driver the browser's driver
	 * @return the tripwire, to close when done
	 */
	static Tripwire set(ChromeDriver driver) {
		Object identifier = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SCRIPT))
			.get("identifier");
		return new Tripwire(driver, identifier);
	}

	/**
	 * What tripped it in the page shown now.
	 * @return the alerts and refusals, in order; none in a page loaded before it was set
	 */
	List<?> tripped() {
		Object tripped = ((JavascriptExecutor) this.driver).executeScript("return window.tripped || []");
		return (tripped instanceof List<?> list) ? list : List.of(tripped);
	}

	@Override
	public void close() {
		this.driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", this.identifier));
	}

}
