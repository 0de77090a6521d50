package io.readerpulse.database;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the database is ({@code pulse.database.*}; {@code PULSE_DATABASE_URL} and {@code PULSE_DATA_DIR} in
 * the environment). Read by {@link DatabaseConnectionSetup} before any bean exists.
 *
 * @param url {@code postgresql://user:password@host:port/database}; blank for the embedded server
 * @param dataDir the folder for the embedded server's data
 */
@ConfigurationProperties("pulse.database")
public record DatabaseProperties(@Nullable String url, @DefaultValue("./data") String dataDir) {
}
