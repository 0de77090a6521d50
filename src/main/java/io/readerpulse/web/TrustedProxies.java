package io.readerpulse.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.netty.handler.ipfilter.IpSubnetFilterRule;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.ForwardedHeaderUtils;
import org.springframework.web.util.UriComponents;

/**
 * The site's own proxies, whose forwarded headers are believed (see {@link ForwardedClients}); also used by
 * the paths answered below WebFlux, which see the connection's peer and raw headers only.
 */
public final class TrustedProxies {

	// The headers ForwardedHeaderTransformer applies, as it applies them.
	private static final List<String> FORWARDED = List.of("Forwarded", "X-Forwarded-Host", "X-Forwarded-Port",
			"X-Forwarded-Proto", "X-Forwarded-Ssl", "X-Forwarded-Prefix");

	private final boolean on;

	private final List<IpSubnetFilterRule> trusted;

	TrustedProxies(boolean on, List<IpSubnetFilterRule> trusted) {
		this.on = on;
		this.trusted = trusted;
	}

	/**
	 * Whether the peer's forwarded headers are believed.
	 * @param peer the connection's other end
	 * @return {@code true} if forwarded headers are on and the peer is a trusted proxy
	 */
	public boolean believes(InetSocketAddress peer) {
		return this.on && peer.getAddress() != null && isTrusted(peer.getAddress().getHostAddress());
	}

	/**
	 * The client's address as {@link ClientAddress} writes it: the peer's, or the rightmost
	 * {@code X-Forwarded-For} entry that is not a trusted proxy when the peer is one.
	 * @param peer the connection's other end
	 * @param forwardedFor the request's {@code X-Forwarded-For} headers, read only if the peer is believed
	 * @return the address as text
	 */
	public String clientOf(InetSocketAddress peer, Supplier<@Nullable List<String>> forwardedFor) {
		String own = (peer.getAddress() != null) ? peer.getAddress().getHostAddress() : peer.getHostString();
		if (!believes(peer)) {
			return own;
		}
		String client = ForwardedFor.client(own, forwardedFor.get(), this::isTrusted);
		try {
			// A literal: nothing is looked up; written in full, as for a peer.
			return InetAddress.getByName(client).getHostAddress();
		}
		catch (UnknownHostException ex) {
			return own;
		}
	}

	/**
	 * This service's origin as a client addressed it: behind a believed proxy (one that ends TLS, say), as its
	 * forwarded headers say, as {@link ForwardedClients}'s transformer rebuilds it for requests WebFlux handles.
	 * @param own the origin of the connection itself
	 * @param peer the connection's other end
	 * @param headers the request's values of a header, read only if the peer is believed
	 * @return the origin, or {@code null} if the forwarded headers name none
	 */
	public @Nullable URI originOf(URI own, InetSocketAddress peer, Function<String, List<String>> headers) {
		if (!believes(peer)) {
			return own;
		}
		HttpHeaders forwarded = new HttpHeaders();
		for (String name : FORWARDED) {
			List<String> values = headers.apply(name);
			if (!values.isEmpty()) {
				forwarded.addAll(name, values);
			}
		}
		if (forwarded.isEmpty()) {
			return own;
		}
		try {
			UriComponents adapted = ForwardedHeaderUtils.adaptFromForwardedHeaders(own, forwarded).build();
			return new URI(adapted.getScheme(), null, adapted.getHost(), adapted.getPort(), null, null, null);
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			// Headers that name no origin: the request is then matched against none.
			return null;
		}
	}

	private boolean isTrusted(String address) {
		if (!ForwardedFor.isAddress(address)) {
			return false;
		}
		try {
			InetSocketAddress socket = new InetSocketAddress(InetAddress.getByName(address), 0);
			return this.trusted.stream().anyMatch((range) -> range.matches(socket));
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
