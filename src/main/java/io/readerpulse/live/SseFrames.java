package io.readerpulse.live;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;

/**
 * Server-sent events as bytes, made once per event and shared by every stream that sends it. Direct
 * buffers, so that writing one to thousands of sockets copies nothing; and already framed as an HTTP/1.1
 * chunk, so that a stream can write it below the HTTP encoder (see {@link EventStream}), which would
 * otherwise frame it again for every stream.
 * <p>
 * Each stream writes a duplicate of the shared chunk (the write moves its reader index). The chunks come from
 * a pooled allocator, whose duplicates are recycled once written, so that an event to ten thousand streams
 * allocates nothing per stream on the native transport. Unpooled chunks, and those of Netty's default
 * (adaptive) allocator, make a new duplicate for every write: ten thousand objects per event for the young
 * generation, whose collections then fell into the fan-outs.
 */
final class SseFrames {

	// The chunks' own pool, small: one direct arena of 512 KB chunks and no thread caches, since events are
	// made a few at a time by whichever thread has them. Netty's shared pooled allocator would give every
	// such thread an arena of 4 MB chunks beside the connections' own allocator.
	private static final PooledByteBufAllocator CHUNKS = new PooledByteBufAllocator(true, 0, 1, 8192, 6, 0, 0, false);

	/**
	 * A comment line: keeps proxies from closing an idle stream, and finds readers who vanished. Never
	 * released: written only as duplicates, which an unreleasable wrapper would allocate twice per stream.
	 */
	static final ByteBuf HEARTBEAT = chunk(":\n\n".getBytes(StandardCharsets.US_ASCII));

	private SseFrames() {
	}

	/**
	 * An event.
	 * @param id its id, or {@code null}; ids are numbers the service made, so they hold no line breaks
	 * @param name its name
	 * @param data its data; every line becomes a {@code data:} line
	 * @return the event as a chunk, released by the caller when every stream has taken its duplicate
	 */
	static ByteBuf event(@Nullable String id, String name, String data) {
		StringBuilder text = new StringBuilder(data.length() + name.length() + 32);
		if (id != null) {
			text.append("id:").append(id).append('\n');
		}
		text.append("event:").append(name).append('\n');
		int start = 0;
		int length = data.length();
		while (true) {
			int end = data.indexOf('\n', start);
			String line = (end < 0) ? data.substring(start) : data.substring(start, end);
			text.append("data:").append(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).append('\n');
			if (end < 0 || end == length - 1) {
				break;
			}
			start = end + 1;
		}
		text.append('\n');
		return chunk(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Two events in one chunk, so that a stream sends them in one write.
	 * @param chunk the first, a chunk made here, not released here
	 * @param then the second, likewise
	 * @return the chunk, released by the caller when every stream has taken its duplicate
	 */
	static ByteBuf joined(ByteBuf chunk, ByteBuf then) {
		ByteBuf first = content(chunk);
		ByteBuf second = content(then);
		try {
			byte[] content = new byte[first.readableBytes() + second.readableBytes()];
			first.getBytes(first.readerIndex(), content, 0, first.readableBytes());
			second.getBytes(second.readerIndex(), content, first.readableBytes(), second.readableBytes());
			return chunk(content);
		}
		finally {
			first.release();
			second.release();
		}
	}

	/**
	 * The event inside a chunk, for a connection that frames its own chunks.
	 * @param chunk a chunk made here
	 * @return a retained slice of its content
	 */
	static ByteBuf content(ByteBuf chunk) {
		int start = chunk.readerIndex();
		int header = chunk.indexOf(start, chunk.writerIndex(), (byte) '\n') + 1 - start;
		return chunk.retainedSlice(start + header, chunk.readableBytes() - header - 2);
	}

	/**
	 * The reconnect delay a stream announces, to be sent with its first event.
	 * @param millis the delay
	 * @return the field
	 */
	static ByteBuf retry(long millis) {
		return Unpooled.wrappedBuffer(("retry:" + millis + "\n").getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * A whole "come back later" answer: the delay, a comment, the end of the event.
	 * @param millis the delay
	 * @return the answer's body
	 */
	static String busy(long millis) {
		return "retry:" + millis + "\n:busy, come back later\n\n";
	}

	private static ByteBuf chunk(byte[] content) {
		byte[] header = (Integer.toHexString(content.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
		int length = header.length + content.length + 2;
		return CHUNKS.directBuffer(length, length).writeBytes(header).writeBytes(content).writeByte('\r').writeByte('\n');
	}

}
