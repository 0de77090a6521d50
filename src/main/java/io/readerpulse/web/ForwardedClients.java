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

	@Bean
	TrustedProxies trustedProxies(ProxyProperties proxies, ServerProperties server) {
		boolean framework = server.getForwardHeadersStrategy() == ServerProperties.ForwardHeadersStrategy.FRAMEWORK;
		List<String> configured = proxies.trusted().stream().map(String::trim).filter((p) -> !p.isEmpty()).toList();
		boolean on = framework || !configured.isEmpty();
		List<IpSubnetFilterRule> trusted = (configured.isEmpty() ? ProxyProperties.PRIVATE : configured).stream()
			.map(ForwardedClients::range)
			.toList();
		return new TrustedProxies(on, trusted);
	}

	// Replaces Spring Boot's own transformer of the same name.
	@Bean
	ForwardedHeaderTransformer forwardedHeaderTransformer(TrustedProxies proxies) {
		return new TrustingTransformer(proxies);
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

		private final TrustedProxies proxies;

		// For requests whose forwarded headers are not to be believed: they are removed, not applied.
		private final ForwardedHeaderTransformer stripping = new ForwardedHeaderTransformer();

		TrustingTransformer(TrustedProxies proxies) {
			this.proxies = proxies;
			this.stripping.setRemoveOnly(true);
		}

		@Override
		public ServerHttpRequest apply(ServerHttpRequest request) {
			InetSocketAddress peer = request.getRemoteAddress();
			// Host, scheme and port are believed only from a trusted proxy, like the client's address.
			if (peer == null || !this.proxies.believes(peer)) {
				return this.stripping.apply(request);
			}
			String client = this.proxies.clientOf(peer, () -> request.getHeaders().get("X-Forwarded-For"));
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

	}

}
