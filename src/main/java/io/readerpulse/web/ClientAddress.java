package io.readerpulse.web;

import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a request came from, as the rate limits and the fallback visitor identity see it. Behind a
 * proxy it is the proxy's, unless the operator enables forwarded headers
 * ({@code SERVER_FORWARD_HEADERS_STRATEGY=framework}), which Spring then applies to the request.
 */
public final class ClientAddress {

	private ClientAddress() {
	}

	/**
	 * The client's address.
	 * @param request the request
	 * @return the address as text, or {@code "unknown"} when the connection has none
	 */
	public static String of(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		// Forwarded addresses are resolved by ForwardedClients; an unresolved one still names the client.
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

}
