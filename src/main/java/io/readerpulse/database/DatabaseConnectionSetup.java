package io.readerpulse.database;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Decides where the database is before any bean needs it, and turns that into the standard
 * {@code spring.r2dbc.*} and {@code spring.flyway.*} properties:
 * <ol>
 * <li>explicit {@code spring.r2dbc.url}: used as it is (Flyway's URL derived from it unless given);</li>
 * <li>{@code PULSE_DATABASE_URL}: one {@code postgresql://} URL for both;</li>
 * <li>nothing: an {@link EmbeddedPostgresServer} in {@code PULSE_DATA_DIR}, connected to as a role that is no
 * superuser (Flyway as the superuser), and the demo story on by default.</li>
 * </ol>
 * This runs when the context is prepared rather than when the environment is, so that test frameworks that
 * contribute properties through context initializers (dynamic property sources) are seen.
 */
public final class DatabaseConnectionSetup implements ApplicationListener<ApplicationPreparedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseConnectionSetup.class);

	static final String PROPERTY_SOURCE = "readerPulseDatabase";

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		ConfigurableApplicationContext context = event.getApplicationContext();
		ConfigurableEnvironment environment = context.getEnvironment();
		Map<String, Object> properties = new LinkedHashMap<>();
		String r2dbcUrl = text(environment.getProperty("spring.r2dbc.url"));
		DatabaseProperties database = Binder.get(environment).bindOrCreate("pulse.database", DatabaseProperties.class);
		String pulseUrl = text(database.url());
		if (r2dbcUrl != null) {
			DatabaseUrl inUrl = DatabaseUrl.parseR2dbc(r2dbcUrl);
			String username = environment.getProperty("spring.r2dbc.username");
			String password = environment.getProperty("spring.r2dbc.password");
			DatabaseUrl url = inUrl.withCredentials((username != null) ? username : inUrl.username(),
					(password != null) ? password : inUrl.password());
			flyway(properties, url);
			logger.info("Using the PostgreSQL database configured by spring.r2dbc.url: {}", url);
		}
		else if (pulseUrl != null) {
			DatabaseUrl url = DatabaseUrl.parse(pulseUrl);
			r2dbc(properties, url);
			flyway(properties, url);
			logger.info("Using the PostgreSQL database at {}", url);
		}
		else {
			Path dataDirectory = Path.of(database.dataDir()).resolve("postgres");
			EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, true);
			register(context, server);
			r2dbc(properties, server.applicationUrl());
			// Migrations run as the owner of the schema; the service's own connections cannot change it.
			flyway(properties, server.administratorUrl());
		}
		// PULSE_DEMO says whether the demo stories are loaded; by default only into the embedded database.
		properties.put("pulse.demo.stories", environment.getProperty("pulse.demo", Boolean.toString(r2dbcUrl == null && pulseUrl == null)));
		// Anything the operator set explicitly wins, whatever the order of property sources ends up being.
		properties.keySet().removeIf(environment::containsProperty);
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, properties));
	}

	private static void r2dbc(Map<String, Object> properties, DatabaseUrl url) {
		properties.put("spring.r2dbc.url", url.r2dbcUrl());
		putIfPresent(properties, "spring.r2dbc.username", url.username());
		putIfPresent(properties, "spring.r2dbc.password", url.password());
	}

	private static void flyway(Map<String, Object> properties, DatabaseUrl url) {
		properties.put("spring.flyway.url", url.jdbcUrl());
		putIfPresent(properties, "spring.flyway.user", url.username());
		putIfPresent(properties, "spring.flyway.password", url.password());
	}

	private static void putIfPresent(Map<String, Object> properties, String name, @Nullable String value) {
		if (value != null) {
			properties.put(name, value);
		}
	}

	/**
	 * Registered as a disposable singleton before any other bean exists, so it is destroyed after every
	 * bean that may still write on shutdown (the view flusher, for one).
	 */
	private static void register(ConfigurableApplicationContext context, EmbeddedPostgresServer server) {
		DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
		beanFactory.registerSingleton("embeddedPostgresServer", server);
		beanFactory.registerDisposableBean("embeddedPostgresServer", server::close);
	}

	private static @Nullable String text(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

}
