package io.readerpulse.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings ({@code pulse.security.*}; {@code PULSE_ADMIN_PASSWORD} and {@code PULSE_CORS_ORIGINS}
 * in the environment).
 *
 * @param adminPassword the password of the first administrator, {@code admin}; generated when blank
 * @param corsOrigins origins whose browser pages may call the API
 */
@ConfigurationProperties("pulse.security")
record SecurityProperties(@Nullable String adminPassword, @DefaultValue List<String> corsOrigins) {
}
