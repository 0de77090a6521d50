package io.readerpulse.live;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;
import io.netty.handler.codec.http.HttpServerCodec;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * The connection of one story stream: where its shared chunks are written, and whether its reader keeps up.
 * Used on the connection's event loop only.
 */
final class StreamConnection {

	/** How long a connection may have no room before its stream is ended. */
	static final long STALLED_NANOS = TimeUnit.SECONDS.toNanos(10);

	/** The most a stream may have queued for its connection, in bytes, before it is ended. */
	static final long MAX_PENDING_BYTES = 64 * 1024 * 1024;

	private final Channel channel;

	// Where chunks already framed go in, below the HTTP encoder; null where the connection frames its own
	// (a compressed response, a test channel).
	private final @Nullable ChannelHandlerContext chunks;

	// The connection's socket where a chunk may be sent to it straight, with one system call and none of the
	// channel's queueing and bookkeeping: an epoll connection (non-blocking) with nothing between the HTTP
	// encoder and the socket (no TLS). Null elsewhere.
	private final @Nullable Socket socket;

	// When the connection last had no room while something was to be sent, 0 while it has room.
	private long fullSince;

	// The stream's own fields, sent before its first event.
	private @Nullable ByteBuf first;

	/**
	 * @param chunked whether the response went out with chunked transfer encoding (HTTP/1.1)
	 * @param first the stream's own fields (its reconnect delay), sent before its first event
	 */
	StreamConnection(Channel channel, boolean chunked, ByteBuf first) {
		this.channel = channel;
		this.first = first;
		ChannelHandlerContext codec = channel.pipeline().context(NettyPipeline.HttpCodec);
		boolean framedHere = chunked && codec != null && codec.handler() instanceof HttpServerCodec
				&& channel.pipeline().get(NettyPipeline.CompressionHandler) == null;
		this.chunks = framedHere ? codec : null;
		this.socket = (framedHere && channel instanceof EpollSocketChannel epoll && nothingBelowCodec(channel))
				? (Socket) epoll.fd() : null;
	}

	private static boolean nothingBelowCodec(Channel channel) {
		// The pipeline's handlers from the socket up.
		for (Map.Entry<String, ChannelHandler> handler : channel.pipeline()) {
			if (handler.getKey().equals(NettyPipeline.HttpCodec)) {
				return true;
			}
			if (handler.getValue() instanceof ChannelOutboundHandler) {
				return false;
			}
		}
		return false;
	}

	EventLoop loop() {
		return this.channel.eventLoop();
	}

	boolean hasRoom() {
		return this.channel.isWritable();
	}

	boolean open() {
		return this.channel.isActive();
	}

	/**
	 * @return whether the first event has not been written yet
	 */
	boolean beforeFirst() {
		return this.first != null;
	}

	void release() {
		if (this.first != null) {
			this.first.release();
			this.first = null;
		}
	}

	/**
	 * @return whether the connection has had no room for {@link #STALLED_NANOS}, or has more than
	 * {@link #MAX_PENDING_BYTES} queued
	 */
	boolean stalled() {
		if (this.channel.isWritable()) {
			this.fullSince = 0;
			return false;
		}
		long now = System.nanoTime();
		if (this.fullSince == 0) {
			this.fullSince = now;
		}
		ChannelOutboundBuffer pending = this.channel.unsafe().outboundBuffer();
		return now - this.fullSince > STALLED_NANOS
				|| (pending != null && pending.totalPendingWriteBytes() > MAX_PENDING_BYTES);
	}

	/**
	 * Runs the action once the connection has room, is closed, or {@code gone} says so; or when it has had
	 * none for a while, for the action to decide (see {@link #stalled()}). It looks again after 10 ms, then
	 * less often, up to once a second.
	 * @param action what to do, on the loop
	 * @param gone whether the stream has ended
	 */
	void whenRoom(Runnable action, BooleanSupplier gone) {
		whenRoom(action, gone, 10);
	}

	private void whenRoom(Runnable action, BooleanSupplier gone, long afterMillis) {
		if (gone.getAsBoolean() || this.channel.isWritable() || !this.channel.isActive() || stalled()) {
			action.run();
			return;
		}
		loop().schedule(() -> whenRoom(action, gone, Math.min(afterMillis * 2, 1000)), afterMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Writes a shared chunk: as it is, below the HTTP encoder, where the response is plain HTTP/1.1 (the
	 * chunk framing is then done once for all streams, not by the encoder for each), else its content. On
	 * epoll it goes straight to the socket while the channel has nothing queued (see {@link #sent}).
	 * @param chunk a chunk from {@link SseFrames}, not released here
	 * @return whether it went straight to the socket (whole, or what the socket took, the rest queued)
	 */
	boolean write(ByteBuf chunk) {
		ByteBuf fields = this.first;
		if (fields != null) {
			// Through the HTTP encoder, which frames the stream's first event with its fields.
			this.first = null;
			this.channel.writeAndFlush(Unpooled.wrappedBuffer(fields, SseFrames.content(chunk)), this.channel.voidPromise());
			return false;
		}
		if (this.chunks == null) {
			this.channel.writeAndFlush(SseFrames.content(chunk), this.channel.voidPromise());
			return false;
		}
		if (this.socket != null && sent(this.chunks, this.socket, chunk)) {
			return true;
		}
		this.chunks.writeAndFlush(chunk.retainedDuplicate(), this.chunks.voidPromise());
		return false;
	}

	/**
	 * Sends the chunk with one {@code send} if the channel has nothing queued (else it would overtake what is),
	 * queueing in the channel whatever the socket had no room for, which the channel then sends before anything
	 * written after it. A fan-out to thousands of streams spends much of its time per stream in the channel's
	 * queue, which a send that takes the whole chunk does not need (README, "Benchmarks").
	 * @return whether the chunk was taken care of; if not, the channel is to write all of it (and meets the
	 * error, if the socket had one)
	 */
	private boolean sent(ChannelHandlerContext chunks, Socket socket, ByteBuf chunk) {
		ChannelOutboundBuffer queued = this.channel.unsafe().outboundBuffer();
		if (queued == null || queued.totalPendingWriteBytes() != 0 || !chunk.hasMemoryAddress()
				|| !this.channel.isActive()) {
			return false;
		}
		int length = chunk.readableBytes();
		int sent;
		try {
			sent = socket.sendAddress(chunk.memoryAddress(), chunk.readerIndex(), chunk.writerIndex());
		}
		catch (IOException ex) {
			return false;
		}
		if (sent < length) {
			chunks.writeAndFlush(chunk.retainedSlice(chunk.readerIndex() + sent, length - sent), chunks.voidPromise());
		}
		return true;
	}

}
