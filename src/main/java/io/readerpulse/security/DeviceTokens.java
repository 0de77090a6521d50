package io.readerpulse.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import javax.crypto.SecretKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.stereotype.Component;

/**
 * Bearer tokens for readers' apps: signs device tokens for new anonymous devices, and accepts those and,
 * when configured, tokens of an external OpenID issuer. Every accepted token must be unexpired, from a
 * trusted issuer and for this API's audience; its holder becomes a {@link #READER}.
 */
@Component
public final class DeviceTokens {

	/** The authority of every bearer-token holder; staff signing in with a password do not have it. */
	public static final String READER = "READER";

	private static final Duration FOREVER = Duration.ofDays(36500);

	private final TokenProperties properties;

	private final DeviceTokenKey key;

	private final Clock clock;

	private final Mono<ReactiveAuthenticationManager> local;

	private final Mono<ReactiveAuthenticationManager> external;

	DeviceTokens(TokenProperties properties, DeviceTokenKey key, Clock clock) {
		this.properties = properties;
		this.key = key;
		this.clock = clock;
		// A failed read of the key (the database away for a moment) is not remembered: the next token tries again.
		this.local = key.get().map((secret) -> manager(NimbusReactiveJwtDecoder.withSecretKey(secret)
			.macAlgorithm(MacAlgorithm.HS256)
			.build(), properties.issuer())).cache((manager) -> FOREVER, (ex) -> Duration.ZERO, () -> Duration.ZERO);
		String oidc = properties.externalIssuer();
		this.external = (oidc == null || oidc.isBlank()) ? Mono.empty()
				: Mono.fromSupplier(() -> manager(NimbusReactiveJwtDecoder.withIssuerLocation(oidc).build(), oidc))
					.cache();
	}

	/**
	 * A new device token.
	 * @return the token
	 */
	Mono<IssuedToken> issue() {
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.properties.lifetime());
		return this.key.get().map((secret) -> new IssuedToken(sign(secret, new JWTClaimsSet.Builder()
			.subject("device:" + UUID.randomUUID())
			.issuer(this.properties.issuer())
			.audience(this.properties.audience())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(expires))
			.jwtID(UUID.randomUUID().toString())
			.build()), expires));
	}

	/**
	 * Picks the authentication for a token's issuer; unknown issuers get none (and so a 401).
	 * @return the resolver for the resource server
	 */
	JwtIssuerReactiveAuthenticationManagerResolver resolver() {
		return new JwtIssuerReactiveAuthenticationManagerResolver(this::managerFor);
	}

	/**
	 * The authentication for tokens of an issuer.
	 * @param issuer the token's {@code iss}
	 * @return the manager, or empty for an issuer this service does not accept
	 */
	Mono<ReactiveAuthenticationManager> managerFor(String issuer) {
		if (this.properties.issuer().equals(issuer)) {
			return this.local;
		}
		return issuer.equals(this.properties.externalIssuer()) ? this.external : Mono.empty();
	}

	/**
	 * The stable identity of a token's holder, namespaced by issuer so that subjects of different issuers
	 * never collide.
	 * @param jwt the token
	 * @return the user id
	 */
	public static String userId(Jwt jwt) {
		return jwt.getClaimAsString(JwtClaimNames.ISS) + "|" + jwt.getSubject();
	}

	private ReactiveAuthenticationManager manager(ReactiveJwtDecoder decoder, String issuer) {
		if (decoder instanceof NimbusReactiveJwtDecoder nimbus) {
			OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && aud.contains(this.properties.audience()));
			nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
					audience));
		}
		JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(decoder);
		manager.setJwtAuthenticationConverter((jwt) -> Mono
			.just(new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority(READER)), userId(jwt))));
		return manager;
	}

	private static String sign(SecretKey secret, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing a device token failed", ex);
		}
	}

	/**
	 * A signed token and when it expires.
	 */
	record IssuedToken(String token, Instant expiresAt) {
	}

}
