package io.readerpulse.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The site's own proxies ({@code pulse.proxies.*}; {@code PULSE_TRUSTED_PROXIES} in the environment).
 *
 * @param trusted addresses and CIDR ranges of the proxies and load balancers in front of the service, whose
 * {@code X-Forwarded-For} entries are believed; when empty and {@code SERVER_FORWARD_HEADERS_STRATEGY} is
 * {@code framework}, loopback and the private ranges
 */
@ConfigurationProperties("pulse.proxies")
public record ProxyProperties(@DefaultValue List<String> trusted) {

	/** Loopback and private ranges: where a site's own proxies usually are. */
	static final List<String> PRIVATE = List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12",
			"192.168.0.0/16", "fc00::/7");

}
