package io.readerpulse.live;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnsweredHeadersTest {

	@Test
	void aStreamKeepsOnlyWhatItsConnectionStillReads() {
		HttpHeaders request = new DefaultHttpHeaders()
			.add("Host", "news.example.com")
			.add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0")
			.add("Cookie", "a=1")
			.add("Cookie", "b=2")
			.add("connection", "keep-alive");
		HttpHeaders response = new DefaultHttpHeaders()
			.add("Content-Type", "text/event-stream")
			.add("Cache-Control", "no-cache")
			.add("Transfer-Encoding", "chunked")
			.add("X-Accel-Buffering", "no");
		AnsweredHeaders.forget(request, response);
		assertThat(request.names()).containsExactly("connection");
		assertThat(request.get("Connection")).isEqualTo("keep-alive");
		assertThat(response.names()).containsExactly("transfer-encoding");
		assertThat(response.get("Transfer-Encoding")).isEqualTo("chunked");
	}

	@Test
	void aRequestWithoutConnectionKeepsNothing() {
		HttpHeaders request = new DefaultHttpHeaders().add("Host", "news.example.com");
		HttpHeaders response = new DefaultHttpHeaders().add("Transfer-Encoding", "chunked").add("Connection", "close");
		AnsweredHeaders.forget(request, response);
		assertThat(request.isEmpty()).isTrue();
		assertThat(response.getAll("Connection")).containsExactly("close");
		assertThat(response.getAll("Transfer-Encoding")).containsExactly("chunked");
	}

}
