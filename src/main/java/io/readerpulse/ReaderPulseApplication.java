package io.readerpulse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Reader Pulse: counts views, ranks what is trending and streams engagement live to readers and editors.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReaderPulseApplication {

	public static void main(String[] args) {
		LeakDetection.offUnlessAsked(System.getProperties());
		SpringApplication.run(ReaderPulseApplication.class, args);
	}

}
