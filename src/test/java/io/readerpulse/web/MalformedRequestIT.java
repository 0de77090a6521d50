package io.readerpulse.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.readerpulse.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that HTTP itself refuses, before any route sees them (a malformed percent-escape, a request line or
 * headers too long to read): a problem body like every other refusal, not an empty answer.
 */
class MalformedRequestIT extends IntegrationTest {

	private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

	@ParameterizedTest
	@CsvSource({ "/api/articles/%zz/stream, '', 400", "/api/articles/a%4/views, '', 400", "/api/articles?page=%zz, '', 400",
			"LONG, '', 414", "/api/articles, 20000, 431" })
	void refusedBeforeAnyRouteWithAProblemBody(String path, String headerLength, int status) throws IOException {
		String target = "LONG".equals(path) ? "/api/articles/" + "a".repeat(20_000) : path;
		String header = headerLength.isEmpty() ? "" : "X-Long: " + "b".repeat(Integer.parseInt(headerLength)) + "\r\n";
		String answer = exchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\n");
		assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
		String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
		assertThat(head).contains("content-type: application/problem+json").contains("connection: close")
			.contains("x-content-type-options: nosniff");
		String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
		assertThat(body).contains("\"status\":" + status).contains("\"title\":").doesNotContain("aaaaaaaaaa");
		// Nothing of it stays behind: the next request is answered.
		assertThat(exchange("GET /api/articles HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 200 ");
	}

	/** Sends the request on a connection of its own and reads the answer's head and its body (by its length). */
	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("localhost", port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder answer = new StringBuilder();
			while (answer.indexOf("\r\n\r\n") < 0) {
				int next = in.read();
				if (next < 0) {
					return answer.toString();
				}
				answer.append((char) next);
			}
			Matcher length = CONTENT_LENGTH.matcher(answer);
			if (length.find()) {
				answer.append(new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8));
			}
			return answer.toString();
		}
	}

}
