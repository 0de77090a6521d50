package io.readerpulse.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Forwarded headers, believed only from the site's own proxies. With forwarded headers on
 * ({@code SERVER_FORWARD_HEADERS_STRATEGY=framework}, or {@code PULSE_TRUSTED_PROXIES} set) the client's
 * address is the rightmost {@code X-Forwarded-For} entry that is not a trusted proxy (see {@link ForwardedFor}),
 * and the rest of the forwarded headers apply as Spring applies them; with them off they are removed
 * unread, so that no client can claim another address, host or scheme.
 */
@Configuration(proxyBeanMethods = false)
class ForwardedClients {

	// Replaces Spring Boot's own transformer of the same name.
	@Bean
	ForwardedHeaderTransformer forwardedHeaderTransformer(ProxyProperties proxies, ServerProperties server) {
		boolean framework = server.getForwardHeadersStrategy() == ServerProperties.ForwardHeadersStrategy.FRAMEWORK;
		List<String> configured = proxies.trusted().stream().map(String::trim).filter((p) -> !p.isEmpty()).toList();
		boolean on = framework || !configured.isEmpty();
		List<IpSubnetFilterRule> trusted = (configured.isEmpty() ? ProxyProperties.PRIVATE : configured).stream()
			.map(ForwardedClients::range)
			.toList();
		return new TrustingTransformer(on, trusted);
	}

	/**
	 * An address or CIDR range, as Netty's IP filter matches it.
	 */
	private static IpSubnetFilterRule range(String cidr) {
		int slash = cidr.indexOf('/');
		String address = (slash < 0) ? cidr : cidr.substring(0, slash);
		if (!ForwardedFor.isAddress(address)) {
			throw new IllegalStateException("PULSE_TRUSTED_PROXIES: '" + cidr + "' is not an address or CIDR range");
		}
		int bits = (slash < 0) ? (address.contains(":") ? 128 : 32) : Integer.parseInt(cidr.substring(slash + 1));
		return new IpSubnetFilterRule(address, bits, IpFilterRuleType.ACCEPT);
	}

	private static final class TrustingTransformer extends ForwardedHeaderTransformer {

		private final boolean on;

		private final List<IpSubnetFilterRule> trusted;

		// For requests whose forwarded headers are not to be believed: they are removed, not applied.
		private final ForwardedHeaderTransformer stripping = new ForwardedHeaderTransformer();

		TrustingTransformer(boolean on, List<IpSubnetFilterRule> trusted) {
			this.on = on;
			this.trusted = trusted;
			this.stripping.setRemoveOnly(true);
		}

		@Override
		public ServerHttpRequest apply(ServerHttpRequest request) {
			InetSocketAddress peer = request.getRemoteAddress();
			// Host, scheme and port are believed only from a trusted proxy, like the client's address.
			if (!this.on || peer == null || peer.getAddress() == null || !isTrusted(peer.getAddress().getHostAddress())) {
				return this.stripping.apply(request);
			}
			String client = ForwardedFor.client(peer.getAddress().getHostAddress(),
					request.getHeaders().get("X-Forwarded-For"), this::isTrusted);
			ServerHttpRequest forwarded = super.apply(request);
			try {
				// A literal: nothing is looked up.
				InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(client), peer.getPort());
				return forwarded.mutate().remoteAddress(address).build();
			}
			catch (UnknownHostException ex) {
				return forwarded.mutate().remoteAddress(peer).build();
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

}
