package io.readerpulse;

import java.util.Properties;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

	@Test
	void aLevelAskedForIsKept() {
		Properties asked = new Properties();
		asked.setProperty("io.netty.leakDetection.level", "simple");
		assertThat(LeakDetection.offUnlessAsked(asked)).isFalse();
		assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.SIMPLE);
	}

	@Test
	void aLevelAskedForByItsOldNameIsKept() {
		Properties asked = new Properties();
		asked.setProperty("io.netty.leakDetectionLevel", "paranoid");
		assertThat(LeakDetection.offUnlessAsked(asked)).isFalse();
		assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.SIMPLE);
	}

}
