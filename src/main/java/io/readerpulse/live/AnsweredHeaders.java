package io.readerpulse.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * What a story stream's connection keeps of its request and response headers once the response has started.
 * <p>
 * Reactor Netty holds both for as long as the response lasts, and a stream lasts as long as its reader keeps
 * the page open: a browser's request headers (cookies, user agent, client hints, referrer) and the response's
 * would stay in memory for every reader, and every young collection would copy them. Once the response's
 * head has been written, the connection still reads only whether it is kept alive (the request's
 * {@code Connection}) and how the body is framed (the response's {@code Transfer-Encoding},
 * {@code Content-Length} and {@code Connection}); everything else goes.
 */
final class AnsweredHeaders {

	private static final AsciiString[] REQUEST_KEEPS = { HttpHeaderNames.CONNECTION };

	private static final AsciiString[] RESPONSE_KEEPS = { HttpHeaderNames.CONNECTION,
			HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.CONTENT_LENGTH };

	private AnsweredHeaders() {
	}

	/**
	 * Drops what the connection no longer reads; only once the response's head has been written.
	 * @param request the request's headers
	 * @param response the response's headers
	 */
	static void forget(HttpHeaders request, HttpHeaders response) {
		keepOnly(request, REQUEST_KEEPS);
		keepOnly(response, RESPONSE_KEEPS);
	}

	private static void keepOnly(HttpHeaders headers, AsciiString[] names) {
		List<Map.Entry<AsciiString, List<String>>> kept = new ArrayList<>(names.length);
		for (AsciiString name : names) {
			List<String> values = headers.getAll(name);
			if (!values.isEmpty()) {
				kept.add(Map.entry(name, values));
			}
		}
		if (kept.size() == headers.size()) {
			return;
		}
		headers.clear();
		kept.forEach((entry) -> headers.add(entry.getKey(), entry.getValue()));
	}

}
