package io.readerpulse;

import java.util.Properties;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running service's leak detection: off unless the operator asked for a level.
 */
class LeakDetectionTest {

	private Level before;

	@BeforeEach
	void simple() {
		this.before = ResourceLeakDetector.getLevel();
		ResourceLeakDetector.setLevel(Level.SIMPLE);
	}

	@AfterEach
	void restore() {
		ResourceLeakDetector.setLevel(this.before);
	}

	@Test
	void withoutALevelAskedForDetectionIsOff() {
		assertThat(LeakDetection.offUnlessAsked(new Properties())).isTrue();
		assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.DISABLED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "io.netty.leakDetection.level", "io.netty.leakDetectionLevel" })
	void aLevelAskedForIsKept(String property) {
		Properties asked = new Properties();
		asked.setProperty(property, "paranoid");
		assertThat(LeakDetection.offUnlessAsked(asked)).isFalse();
		assertThat(ResourceLeakDetector.getLevel()).as("left as Netty read it").isEqualTo(Level.SIMPLE);
	}

}
