package io.readerpulse.live;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events as bytes: server-sent event fields, every data line its own, framed once as an HTTP/1.1 chunk.
 */
class SseFramesTest {

	@Test
	void anEventIsOneChunkWhoseContentIsTheEvent() {
		ByteBuf chunk = SseFrames.event("42", "comment", "{\"id\":1}");
		try {
			String event = "id:42\nevent:comment\ndata:{\"id\":1}\n\n";
			assertThat(chunk.toString(StandardCharsets.UTF_8))
				.isEqualTo(Integer.toHexString(event.length()) + "\r\n" + event + "\r\n");
			ByteBuf content = SseFrames.content(chunk);
			assertThat(content.toString(StandardCharsets.UTF_8)).isEqualTo(event);
			content.release();
			assertThat(chunk.refCnt()).as("the shared chunk is still there").isEqualTo(1);
		}
		finally {
			chunk.release();
		}
	}

	@Test
	void dataWithLineBreaksIsSentAsSeveralDataLines() {
		ByteBuf chunk = SseFrames.event(null, "stats", "first\r\nsecond\nthird\n");
		ByteBuf content = SseFrames.content(chunk);
		try {
			assertThat(content.toString(StandardCharsets.UTF_8)).isEqualTo("event:stats\ndata:first\ndata:second\ndata:third\n\n");
		}
		finally {
			content.release();
			chunk.release();
		}
	}

	@Test
	void aChunkLengthIsHexadecimalAndCountsBytesNotCharacters() {
		String data = "\"" + "é".repeat(200) + "\"";
		ByteBuf chunk = SseFrames.event(null, "comment", data);
		try {
			int length = ("event:comment\ndata:" + data + "\n\n").getBytes(StandardCharsets.UTF_8).length;
			assertThat(chunk.toString(StandardCharsets.US_ASCII)).startsWith(Integer.toHexString(length) + "\r\n");
			assertThat(chunk.readableBytes()).isEqualTo(Integer.toHexString(length).length() + 2 + length + 2);
		}
		finally {
			chunk.release();
		}
	}

	@Test
	void twoJoinedEventsAreOneChunkHoldingBothInOrder() {
		ByteBuf comment = SseFrames.event("7", "comment", "{\"id\":7}");
		ByteBuf stats = SseFrames.event(null, "stats", "{\"comments\":7}");
		ByteBuf joined = SseFrames.joined(comment, stats);
		try {
			String both = "id:7\nevent:comment\ndata:{\"id\":7}\n\nevent:stats\ndata:{\"comments\":7}\n\n";
			assertThat(joined.toString(StandardCharsets.US_ASCII))
				.isEqualTo(Integer.toHexString(both.length()) + "\r\n" + both + "\r\n");
			// The parts are left as they were, for the streams that get them alone.
			assertThat(comment.refCnt()).isOne();
			ByteBuf alone = SseFrames.content(comment);
			assertThat(alone.toString(StandardCharsets.US_ASCII)).isEqualTo("id:7\nevent:comment\ndata:{\"id\":7}\n\n");
			alone.release();
		}
		finally {
			joined.release();
			comment.release();
			stats.release();
		}
	}

	@Test
	void theHeartbeatIsAComment() {
		ByteBuf content = SseFrames.content(SseFrames.HEARTBEAT);
		assertThat(content.toString(StandardCharsets.UTF_8)).isEqualTo(":\n\n");
		content.release();
		assertThat(SseFrames.busy(5000)).isEqualTo("retry:5000\n:busy, come back later\n\n");
	}

}
