package io.readerpulse.live;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpServerCodec;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;
import reactor.netty.NettyPipeline;

/**
 * One open story stream: its connection and what it still has to send. It writes shared, ready-made events
 * straight to its connection, and everything it does runs on that connection's event loop (see
 * {@link Deliveries}), so it needs no locks and, while idle, holds nothing but this object.
 * <p>
 * A slow reader gets the latest stats when its connection has room again (stats that find it full wait, and
 * newer ones replace them). Comment events are never skipped: they queue on the connection (the same shared
 * bytes for every reader, so a burst costs its readers little), and a reader whose connection has had no
 * room for 10 seconds, or has {@value #MAX_PENDING_BYTES} bytes queued, is ended and resumes with its last
 * event id.
 */
final class EventStream {

	/** How long a connection may have no room before its stream is ended. */
	static final long STALLED_NANOS = TimeUnit.SECONDS.toNanos(10);

	/** The most a stream may have queued for its connection, in bytes, before it is ended. */
	static final long MAX_PENDING_BYTES = 64 * 1024 * 1024;

	private final Channel channel;

	// Where chunks already framed go in, below the HTTP encoder; null where the connection frames its own
	// (a compressed response, a test channel).
	private final @Nullable ChannelHandlerContext chunks;

	private final MonoSink<Void> end;

	// Until the first event, which carries it.
	private @Nullable ByteBuf retry;

	// Live comment events that arrived while the replay was being sent, in order.
	private @Nullable ArrayDeque<ByteBuf> held;

	private boolean replaying = true;

	private volatile boolean ended;

	// Whether it has joined its story's topic (only ever touched on its loop).
	private boolean joined;

	// The latest stats that found the connection full, sent when it has room.
	private @Nullable ByteBuf missed;

	// The stats last sent or waiting: equal ones are not sent again.
	private @Nullable Stats sent;

	// When the connection last had no room while something was to be sent, 0 while it has room.
	private long fullSince;

	// The comment feed this stream joined, to leave it again.
	volatile @Nullable StoryFeed feed;

	/**
	 * @param chunked whether the response went out with chunked transfer encoding (HTTP/1.1)
	 */
	EventStream(Channel channel, boolean chunked, MonoSink<Void> end, ByteBuf retry) {
		this.channel = channel;
		ChannelHandlerContext codec = channel.pipeline().context(NettyPipeline.HttpCodec);
		boolean framedHere = chunked && codec != null && codec.handler() instanceof HttpServerCodec
				&& channel.pipeline().get(NettyPipeline.CompressionHandler) == null;
		this.chunks = framedHere ? codec : null;
		this.end = end;
		this.retry = retry;
	}

	EventLoop loop() {
		return this.channel.eventLoop();
	}

	boolean ended() {
		return this.ended;
	}

	boolean joined() {
		return this.joined;
	}

	void joined(boolean joined) {
		this.joined = joined;
	}

	/**
	 * Sends the stream's first event, with the reconnect delay.
	 */
	void first(Stats stats, ByteBuf event) {
		this.sent = stats;
		write(event);
	}

	/**
	 * @return whether the stats were sent; else the connection is full and they wait, replacing any older
	 * ones, for {@link #catchUp()}
	 */
	boolean stats(Stats stats, ByteBuf event) {
		if (this.ended || stats.equals(this.sent)) {
			return true;
		}
		this.sent = stats;
		dropMissed();
		if (this.retry != null || !this.channel.isWritable()) {
			this.missed = event.retainedDuplicate();
			return false;
		}
		write(event);
		return true;
	}

	/**
	 * Sends the stats that waited, if the connection has room now.
	 * @return whether stats are still waiting
	 */
	boolean catchUp() {
		ByteBuf waiting = this.missed;
		if (waiting == null || this.ended) {
			return false;
		}
		if (this.retry != null || !this.channel.isWritable()) {
			return true;
		}
		this.missed = null;
		try {
			write(waiting);
		}
		finally {
			waiting.release();
		}
		return false;
	}

	void comment(ByteBuf event) {
		if (this.ended) {
			return;
		}
		if (this.replaying) {
			if (this.held == null) {
				this.held = new ArrayDeque<>();
			}
			this.held.add(event.retainedDuplicate());
			return;
		}
		writeComment(event);
	}

	/**
	 * Sends a replayed event; the replay sends the next once there is room (see {@link #whenWritable}).
	 */
	void replayed(ByteBuf event) {
		if (!this.ended) {
			write(event);
		}
	}

	/**
	 * The replay is out: the events held meanwhile follow, then live ones as they come.
	 */
	void live() {
		this.replaying = false;
		ArrayDeque<ByteBuf> waiting = this.held;
		this.held = null;
		if (waiting != null) {
			for (ByteBuf event = waiting.poll(); event != null; event = waiting.poll()) {
				if (!this.ended) {
					writeComment(event);
				}
				event.release();
			}
		}
	}

	/**
	 * Runs the action on the loop once the connection has room, or has ended. A replay waits here for its
	 * reader; it looks again after 10 ms, then less often, up to once a second.
	 */
	void whenWritable(Runnable action) {
		whenWritable(action, 10);
	}

	private void whenWritable(Runnable action, long afterMillis) {
		if (this.ended || this.channel.isWritable() || !this.channel.isActive()) {
			action.run();
			return;
		}
		if (stalled()) {
			end();
			action.run();
			return;
		}
		loop().schedule(() -> whenWritable(action, Math.min(afterMillis * 2, 1000)), afterMillis, TimeUnit.MILLISECONDS);
	}

	void heartbeat() {
		if (this.ended || this.retry != null) {
			return;
		}
		if (stalled()) {
			end();
		}
		else if (this.channel.isWritable()) {
			write(SseFrames.HEARTBEAT);
		}
	}

	/**
	 * Ends the stream; the response completes and the reader reconnects.
	 */
	void end() {
		if (this.ended) {
			return;
		}
		this.ended = true;
		release();
		this.end.success();
	}

	/**
	 * Drops what the stream still holds, once it has ended or its connection closed.
	 */
	void release() {
		this.ended = true;
		ArrayDeque<ByteBuf> waiting = this.held;
		this.held = null;
		if (waiting != null) {
			waiting.forEach(ByteBuf::release);
		}
		if (this.retry != null) {
			this.retry.release();
			this.retry = null;
		}
		dropMissed();
	}

	private void dropMissed() {
		if (this.missed != null) {
			this.missed.release();
			this.missed = null;
		}
	}

	private void writeComment(ByteBuf event) {
		if (stalled()) {
			end();
			return;
		}
		write(event);
	}

	/**
	 * @return whether the connection has had no room for too long, or has too much queued
	 */
	private boolean stalled() {
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
	 * Writes a shared chunk: as it is, below the HTTP encoder, where the response is plain HTTP/1.1 (the
	 * chunk framing is then done once for all streams, not by the encoder for each), else its content.
	 */
	private void write(ByteBuf chunk) {
		ByteBuf prefix = this.retry;
		if (prefix != null) {
			this.retry = null;
			this.channel.writeAndFlush(Unpooled.wrappedBuffer(prefix, SseFrames.content(chunk)), this.channel.voidPromise());
		}
		else if (this.chunks != null) {
			this.chunks.writeAndFlush(chunk.retainedDuplicate(), this.chunks.voidPromise());
		}
		else {
			this.channel.writeAndFlush(SseFrames.content(chunk), this.channel.voidPromise());
		}
	}

}
