package io.readerpulse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * For an {@link IntegrationTest} that moves the clock: the class gets an application context of its own,
 * with a {@link MutableClock} of its own, and the context is closed after the class. The tests that share
 * the common context never see the time it moved to (token expiries, the sign-in throttle's minute, the
 * visitor salt's day and the trending decay all read that clock), and in that shared context the clock
 * refuses to move.
 * <p>
 * The context cache tells contexts apart by their customizers; this one is keyed by the test class, so two
 * annotated classes never share a context either.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(OwnClock.Factory.class)
@DirtiesContext
public @interface OwnClock {

	/** Set, to the owning test class's name, in a context whose clock may be moved. */
	String PROPERTY = "readerpulse.test.clock-owner";

	/**
	 * Gives each annotated test class its own context.
	 */
	final class Factory implements ContextCustomizerFactory {

		@Override
		public ContextCustomizer createContextCustomizer(Class<?> testClass,
				List<ContextConfigurationAttributes> configAttributes) {
			return new Owner(testClass.getName());
		}

	}

	/**
	 * Marks the context as the class's own; equal for the same class only, which is what keys the cache.
	 *
	 * @param testClass the owning test class's name
	 */
	record Owner(String testClass) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
			context.getEnvironment().getPropertySources()
				.addFirst(new MapPropertySource("ownClock", Map.of(PROPERTY, this.testClass)));
		}

	}

}
