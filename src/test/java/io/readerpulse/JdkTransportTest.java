package io.readerpulse;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running service's transport: the JDK's selector unless the operator chose.
 */
class JdkTransportTest {

	@Test
	void withoutAChoiceTheJdkTransportIsChosen() {
		Properties properties = new Properties();
		assertThat(JdkTransport.unlessAsked(properties)).isTrue();
		assertThat(properties.getProperty("reactor.netty.native")).isEqualTo("false");
	}

	@ParameterizedTest
	@ValueSource(strings = { "true", "false" })
	void aChoiceIsKept(String choice) {
		Properties properties = new Properties();
		properties.setProperty("reactor.netty.native", choice);
		assertThat(JdkTransport.unlessAsked(properties)).isFalse();
		assertThat(properties.getProperty("reactor.netty.native")).isEqualTo(choice);
	}

}
