package io.readerpulse.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings from the environment ({@code PULSE_ADMIN_PASSWORD}, {@code PULSE_CORS_ORIGINS}).
 *
 * @param adminPassword the password of the first administrator, {@code admin}; generated when absent
 * @param corsOrigins origins whose browser pages may call the API
 */
@ConfigurationProperties("pulse")
record SecurityProperties(@Nullable String adminPassword, @DefaultValue List<String> corsOrigins) {
}
