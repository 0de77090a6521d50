package io.readerpulse.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins are limited per address before any password is hashed, and an unknown name costs the
 * same hash as a known one.
 */
class ThrottledSignInTest {

	private final AtomicInteger hashes = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	// Matching "hashes" by hand, but slowly: each check waits until the test lets it go.
	private final PasswordEncoder slowEncoder = new PasswordEncoder() {
		@Override
		public String encode(CharSequence raw) {
			return "hash:" + raw;
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			ThrottledSignInTest.this.hashes.incrementAndGet();
			try {
				ThrottledSignInTest.this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return encoded.equals(encode(raw));
		}
	};

	private final ThrottledSignIn signIn = new ThrottledSignIn(
			(username) -> "maria".equals(username)
					? Mono.just(User.withUsername("maria").password("hash:right").roles("EDITOR").build()) : Mono.empty(),
			this.slowEncoder, Clock.systemUTC());

	@Test
	void parallelWrongPasswordsFromOneAddressHashAtMostTheLimit() {
		List<Mono<String>> attempts = Flux.range(0, 60)
			.map((i) -> outcome(this.signIn.authenticate(token("maria", "wrong-" + i))).cache())
			.collectList()
			.block();
		// Every attempt has started before any password check finishes.
		attempts.forEach((attempt) -> attempt.subscribe());
		this.release.countDown();
		List<String> outcomes = Flux.concat(attempts).collectList().block(Duration.ofSeconds(20));

		assertThat(this.hashes).hasValue(ThrottledSignIn.FAILURES_PER_MINUTE);
		assertThat(outcomes).filteredOn("bad credentials"::equals).hasSize(ThrottledSignIn.FAILURES_PER_MINUTE);
		assertThat(outcomes).filteredOn("too many"::equals).hasSize(60 - ThrottledSignIn.FAILURES_PER_MINUTE);
	}

	@Test
	void aSuccessfulSignInDoesNotUseUpTheAllowance() {
		this.release.countDown();
		for (int i = 0; i < 3 * ThrottledSignIn.FAILURES_PER_MINUTE; i++) {
			assertThat(outcome(this.signIn.authenticate(token("maria", "right"))).block()).isEqualTo("signed in");
		}
		assertThat(outcome(this.signIn.authenticate(token("maria", "wrong"))).block()).isEqualTo("bad credentials");
	}

	@Test
	void anUnknownNameCostsAPasswordCheckLikeAKnownOne() {
		this.release.countDown();
		assertThat(outcome(this.signIn.authenticate(token("nobody", "guess"))).block()).isEqualTo("bad credentials");
		assertThat(this.hashes).hasValue(1);
		assertThat(outcome(this.signIn.authenticate(token("maria", "guess"))).block()).isEqualTo("bad credentials");
		assertThat(this.hashes).hasValue(2);
	}

	private static Authentication token(String username, String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
	}

	private static Mono<String> outcome(Mono<Authentication> attempt) {
		return attempt.map((signedIn) -> "signed in")
			.onErrorResume(BadCredentialsException.class, (ex) -> Mono.just("bad credentials"))
			.onErrorResume(ThrottledSignIn.TooManySignInAttempts.class, (ex) -> Mono.just("too many"));
	}

}
