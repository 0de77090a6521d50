package io.readerpulse.browser;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class BrowsersTest {

	private final ExtensionContext context = mock(ExtensionContext.class);

	@Test
	void withChromiumTheBrowserTestsRun() {
		List<String> console = new ArrayList<>();
		ConditionEvaluationResult result = new Browsers(() -> true, console::add).evaluateExecutionCondition(this.context);
		assertThat(result.isDisabled()).isFalse();
		assertThat(console).isEmpty();
	}

	@Test
	void withoutChromiumEveryBrowserTestClassIsSkippedWithOneLineSaidOnce() {
		// Two classes' extensions in one test run; the unit tests' JVM evaluates no other browser test.
		List<String> console = new ArrayList<>();
		ConditionEvaluationResult first = new Browsers(() -> false, console::add).evaluateExecutionCondition(this.context);
		ConditionEvaluationResult second = new Browsers(() -> false, console::add).evaluateExecutionCondition(this.context);
		assertThat(first.isDisabled()).isTrue();
		assertThat(second.isDisabled()).isTrue();
		assertThat(first.getReason()).hasValue("Browser tests skipped: apt-get install chromium chromium-driver");
		assertThat(console).containsExactly("Browser tests skipped: apt-get install chromium chromium-driver");
	}

}
