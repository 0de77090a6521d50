package io.readerpulse.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import reactor.core.publisher.Mono;

import io.readerpulse.web.ClientAddress;
import io.readerpulse.web.FixedWindowLimiter;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
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
		UserDetailsRepositoryReactiveAuthenticationManager manager = new UserDetailsRepositoryReactiveAuthenticationManager(staff);
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
			Optional<Duration> wait = this.failures.exhausted(address);
			if (wait.isPresent()) {
				return Mono.error(new TooManySignInAttempts(wait.get()));
			}
			return this.passwords.authenticate(authentication).onErrorResume(BadCredentialsException.class, (ex) -> {
				this.failures.tryAcquire(address);
				return Mono.error(ex);
			});
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
