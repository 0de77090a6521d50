package io.readerpulse.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Supplier;

import io.netty.handler.ipfilter.IpSubnetFilterRule;
import org.jspecify.annotations.Nullable;

/**
 * The site's own proxies, whose forwarded headers are believed (see {@link ForwardedClients}); also used by
 * the paths answered below WebFlux, which see the connection's peer and raw headers only.
 */
public final class TrustedProxies {

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
