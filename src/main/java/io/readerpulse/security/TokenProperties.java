package io.readerpulse.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bearer tokens for mobile apps ({@code PULSE_TOKEN_SECRET}, {@code PULSE_OIDC_ISSUER}, {@code pulse.tokens.*}).
 *
 * @param tokenSecret the key that signs device tokens (HMAC-SHA256, at least 32 bytes); generated once and
 * kept in the database when absent
 * @param oidcIssuer an external OpenID issuer whose tokens are accepted as well, or {@code null}
 * @param tokens lifetime, issuer and audience of device tokens, and how many one address may get
 */
@ConfigurationProperties("pulse")
record TokenProperties(@Nullable String tokenSecret, @Nullable String oidcIssuer, @DefaultValue Tokens tokens) {

	/**
	 * Device token settings.
	 *
	 * @param lifetime how long a device token is valid
	 * @param issuer the {@code iss} of device tokens
	 * @param audience the {@code aud} every accepted token must carry
	 * @param perAddressPerHour device tokens one client address may obtain per hour
	 */
	record Tokens(@DefaultValue("30d") Duration lifetime, @DefaultValue("reader-pulse") String issuer,
			@DefaultValue("reader-pulse-api") String audience, @DefaultValue("20") int perAddressPerHour) {
	}

}
