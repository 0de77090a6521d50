package io.readerpulse.browser;

import java.util.List;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.WebDriver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core's WCAG 2.1 level A and AA rules, run inside the page a browser shows, so that a failure names the
 * rule, the element and how to fix it.
 */
final class Accessibility {

	/** The rule tags of WCAG 2.0 and 2.1, levels A and AA. */
	static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

	private Accessibility() {
	}

	/**
	 * Fails unless axe finds no WCAG 2.1 A/AA violation in the page as it is now: call it once the page shows
	 * what is to be checked (live content included).
	 * @param driver the browser showing the page
	 */
	static void assertNoAccessibilityViolations(WebDriver driver) {
		Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(driver);
		assertThat(results.isErrored()).as(() -> "axe could not run in " + driver.getCurrentUrl() + ": "
				+ results.getErrorMessage()).isFalse();
		assertThat(results.getViolations()).withFailMessage(() -> "WCAG 2.1 A/AA violations in "
				+ driver.getCurrentUrl() + ":\n" + describe(results.getViolations())).isEmpty();
	}

	/**
	 * The violations, one rule a paragraph: its id, impact and help, then each failing element.
	 * @param violations axe's violations
	 * @return a readable list
	 */
	static String describe(List<Rule> violations) {
		return violations.stream().map(Accessibility::describe).collect(Collectors.joining("\n"));
	}

	private static String describe(Rule rule) {
		StringBuilder text = new StringBuilder().append("- ").append(rule.getId()).append(" (").append(rule.getImpact())
			.append("): ").append(rule.getHelp()).append(" ").append(rule.getHelpUrl()).append('\n');
		for (CheckedNode node : rule.getNodes()) {
			text.append("    ").append(node.getTarget()).append("  ").append(node.getHtml()).append('\n');
			text.append("      ").append(node.getFailureSummary().replace("\n", "\n      ")).append('\n');
		}
		return text.toString();
	}

}
