package io.readerpulse.web;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client behind a chain of proxies: the rightmost address that is not one of the site's proxies.
 */
class ForwardedForTest {

	private static final Predicate<String> OURS = (address) -> address.startsWith("10.") || address.equals("127.0.0.1");

	@Test
	void withoutTheHeaderTheClientIsThePeer() {
		assertThat(ForwardedFor.client("203.0.113.7", null, OURS)).isEqualTo("203.0.113.7");
		assertThat(ForwardedFor.client("127.0.0.1", null, OURS)).isEqualTo("127.0.0.1");
	}

	@Test
	void aTrustedProxyNamesTheClient() {
		assertThat(ForwardedFor.client("127.0.0.1", List.of("203.0.113.7"), OURS)).isEqualTo("203.0.113.7");
		assertThat(ForwardedFor.client("10.0.0.2", List.of("203.0.113.7, 10.0.0.1"), OURS)).isEqualTo("203.0.113.7");
	}

	@Test
	void whatTheClientWroteItselfIsNotBelieved() {
		// The client sent "X-Forwarded-For: 198.51.100.1"; our proxy appended the address it really came from.
		assertThat(ForwardedFor.client("127.0.0.1", List.of("198.51.100.1, 203.0.113.7"), OURS)).isEqualTo("203.0.113.7");
		assertThat(ForwardedFor.client("127.0.0.1", List.of("10.0.0.9", "203.0.113.7"), OURS)).isEqualTo("203.0.113.7");
	}

	@Test
	void aHeaderFromAnUntrustedPeerIsIgnored() {
		assertThat(ForwardedFor.client("203.0.113.7", List.of("198.51.100.1"), OURS)).isEqualTo("203.0.113.7");
	}

	@Test
	void portsAndBracketsAreStrippedAndGarbageStopsTheWalk() {
		assertThat(ForwardedFor.client("127.0.0.1", List.of("203.0.113.7:41234"), OURS)).isEqualTo("203.0.113.7");
		assertThat(ForwardedFor.client("127.0.0.1", List.of("[2001:db8::7]:41234"), OURS)).isEqualTo("2001:db8::7");
		assertThat(ForwardedFor.client("127.0.0.1", List.of("unknown, evil.example.com"), OURS)).isEqualTo("127.0.0.1");
		assertThat(ForwardedFor.isAddress("localhost")).isFalse();
		assertThat(ForwardedFor.isAddress("2001:db8::1")).isTrue();
	}

	@Test
	void whenEveryHopIsOursTheLeftmostIsTheClient() {
		assertThat(ForwardedFor.client("127.0.0.1", List.of("10.0.0.5, 10.0.0.1"), OURS)).isEqualTo("10.0.0.5");
	}

}
