package io.readerpulse.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Finds the client in an {@code X-Forwarded-For} chain. Every proxy appends the address it got the request
 * from, so only the entries that trusted proxies appended can be believed: walking from the connection's own
 * peer leftwards, the first address that is not a trusted proxy is the client. Whatever stands further left
 * the client wrote itself.
 */
final class ForwardedFor {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private ForwardedFor() {
	}

	/**
	 * The client's address.
	 * @param peer the address of the connection's other end
	 * @param headers the {@code X-Forwarded-For} header values, in order
	 * @param trusted whether an address is one of this site's proxies
	 * @return the client's address
	 */
	static String client(String peer, @Nullable List<String> headers, Predicate<String> trusted) {
		List<String> chain = new ArrayList<>();
		if (headers != null) {
			headers.forEach((header) -> {
				for (String entry : header.split(",")) {
					chain.add(address(entry.trim()));
				}
			});
		}
		String client = peer;
		for (int i = chain.size() - 1; i >= 0 && trusted.test(client); i--) {
			String next = chain.get(i);
			if (!isAddress(next)) {
				// Not an address a proxy would write: the proxy that passed it on is as far as anything is known.
				break;
			}
			client = next;
		}
		return client;
	}

	/**
	 * Whether the text is an IP address literal (never a host name: nothing here looks names up).
	 * @param text the text
	 * @return whether it is
	 */
	static boolean isAddress(String text) {
		return IPV4.matcher(text).matches() || IPV6.matcher(text).matches();
	}

	// Proxies may add a port: "203.0.113.7:41234" or "[2001:db8::7]:41234".
	private static String address(String entry) {
		if (entry.startsWith("[") && entry.indexOf(']') > 0) {
			return entry.substring(1, entry.indexOf(']'));
		}
		int colon = entry.indexOf(':');
		return (colon > 0 && colon == entry.lastIndexOf(':')) ? entry.substring(0, colon) : entry;
	}

}
