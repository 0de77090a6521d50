package io.readerpulse.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import reactor.core.publisher.Mono;

import io.readerpulse.web.ClientAddress;
import io.readerpulse.web.FixedWindowLimiter;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.server.ServerWebExchange;

/**
 * Staff sign-in (HTTP Basic) that lets a client address fail at most {@value #FAILURES_PER_MINUTE} times a
 * minute. Each attempt costs a deliberately slow password hash, so without a bound a few guesses a second
 * from one address would both try passwords and use up the CPU. Past the bound the address gets 429 with
 * {@code Retry-After} before any hashing.
 */
final class ThrottledSignIn implements ReactiveAuthenticationManager {

	static final int FAILURES_PER_MINUTE = 10;

	private final ReactiveAuthenticationManager passwords;

	private final FixedWindowLimiter failures;

	ThrottledSignIn(ReactiveUserDetailsService staff, PasswordEncoder encoder, Clock clock) {
		// An unknown name is checked against a decoy hash that no password matches, so that it costs the same
		// time as a known name with a wrong password: the answer's timing tells nothing about who exists.
		String decoy = encoder.encode(UUID.randomUUID().toString());
		ReactiveUserDetailsService withDecoys = (username) -> staff.findByUsername(username)
			.switchIfEmpty(Mono.fromSupplier(() -> User.withUsername(username).password(decoy).roles().build()));
		UserDetailsRepositoryReactiveAuthenticationManager manager = new UserDetailsRepositoryReactiveAuthenticationManager(withDecoys);
		manager.setPasswordEncoder(encoder);
		this.passwords = manager;
		this.failures = new FixedWindowLimiter(FAILURES_PER_MINUTE, Duration.ofMinutes(1), 100_000, clock);
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		// Spring Security keeps the exchange in the subscriber context for exactly this kind of need.
		return Mono.deferContextual((context) -> {
			String address = context.<ServerWebExchange>getOrEmpty(ServerWebExchange.class)
				.map((exchange) -> ClientAddress.of(exchange.getRequest()))
				.orElse("unknown");
			// Every attempt counts as a failure before its password is hashed, so parallel attempts cannot all
			// slip through; one that did not fail on its credentials gives its place back.
			Optional<Duration> wait = this.failures.tryAcquire(address);
			if (wait.isPresent()) {
				return Mono.error(new TooManySignInAttempts(wait.get()));
			}
			Object credentials = authentication.getCredentials();
			if (credentials instanceof CharSequence password && !StaffPasswords.fits(password)) {
				// No stored password can be this long; refused as wrong without hashing, and counted.
				return Mono.error(new BadCredentialsException("Bad credentials"));
			}
			return this.passwords.authenticate(authentication)
				.doOnNext((signedIn) -> this.failures.release(address))
				.doOnError((ex) -> !(ex instanceof BadCredentialsException), (ex) -> this.failures.release(address));
		});
	}

	/**
	 * Too many failed sign-ins from one address: answered with 429 and {@code Retry-After}.
	 */
	static final class TooManySignInAttempts extends AuthenticationException {

		private final Duration retryAfter;

		TooManySignInAttempts(Duration retryAfter) {
			super("Too many failed sign-ins from this address");
			this.retryAfter = retryAfter;
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

	}

}
