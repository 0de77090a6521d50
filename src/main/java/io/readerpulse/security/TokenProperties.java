package io.readerpulse.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bearer tokens for mobile apps ({@code pulse.tokens.*}; {@code PULSE_TOKEN_SECRET} and
 * {@code PULSE_OIDC_ISSUER} in the environment).
 *
 * @param secret the key that signs device tokens (HMAC-SHA256, at least 32 bytes); generated once and kept
 * in the database when blank
 * @param oidcIssuer an external OpenID issuer whose tokens are accepted as well, or blank for none
 * @param lifetime how long a device token is valid
 * @param issuer the {@code iss} of device tokens
 * @param audience the {@code aud} every accepted token must carry
 * @param perAddressPerHour device tokens one client address may obtain per hour
 */
@ConfigurationProperties("pulse.tokens")
record TokenProperties(@Nullable String secret, @Nullable String oidcIssuer, @DefaultValue("30d") Duration lifetime,
		@DefaultValue("reader-pulse") String issuer, @DefaultValue("reader-pulse-api") String audience,
		@DefaultValue("20") int perAddressPerHour) {

	/**
	 * The external issuer, if one is configured.
	 * @return its URL, or {@code null}
	 */
	@Nullable String externalIssuer() {
		return (this.oidcIssuer != null && !this.oidcIssuer.isBlank()) ? this.oidcIssuer : null;
	}

}
