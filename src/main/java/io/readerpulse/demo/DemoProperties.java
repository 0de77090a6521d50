package io.readerpulse.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo ({@code pulse.demo.*}; {@code PULSE_DEMO} and {@code PULSE_DEMO_TRAFFIC} in the environment).
 *
 * @param stories load the demo stories into an empty database
 * @param traffic simulate readers through the public API (it writes comments into the database)
 */
@ConfigurationProperties("pulse.demo")
record DemoProperties(@DefaultValue("false") boolean stories, @DefaultValue("false") boolean traffic) {
}
