package io.readerpulse.live;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;

/**
 * One open story stream: its connection and what it still has to send. It writes shared, ready-made events
 * straight to its connection, and everything it does runs on that connection's event loop (see
 * {@link Deliveries}), so it needs no locks and, while idle, holds nothing but this object.
 * <p>
 * A slow reader gets the latest stats when its connection has room again (stats that find it full wait, and
 * newer ones replace them). Comment events are never skipped: they queue on the connection (the same shared
 * bytes for every reader, so a burst costs its readers little), and a reader whose connection has had no
 * room for a while (see {@link StreamConnection#stalled()}) is ended and resumes with its last event id.
 */
final class EventStream {

	// Its place in the order streams opened on this instance, which events follow (see LoopGroups).
	final long opened = LoopGroups.nextOpened();

	private final StreamConnection connection;

	private final MonoSink<Void> end;

	private final HeldEvents held = new HeldEvents();

	private boolean replaying = true;

	private volatile boolean ended;

	// Whether it has joined its story's topic (only ever touched on its loop).
	boolean joined;

	// The latest stats that found the connection full, sent when it has room.
	private @Nullable ByteBuf missed;

	// The stats last sent or waiting: the same ones are not sent again. Compared by identity: a topic hands
	// equal stats over as one object (see TopicCounts#current).
	private @Nullable Stats sent;

	// The comment feed this stream joined, to leave it again.
	volatile @Nullable StoryFeed feed;

	// The last event its feed had delivered when it joined: its replay goes up to there, later ones come live
	// (see StoryFeed#join).
	long liveAfter;

	/**
	 * @param chunked whether the response went out with chunked transfer encoding (HTTP/1.1)
	 */
	EventStream(Channel channel, boolean chunked, MonoSink<Void> end, ByteBuf retry) {
		this.connection = new StreamConnection(channel, chunked, retry);
		this.end = end;
	}

	EventLoop loop() {
		return this.connection.loop();
	}

	boolean ended() {
		return this.ended;
	}

	/**
	 * Sends the stream's first event, with the reconnect delay.
	 */
	void first(Stats stats, ByteBuf event) {
		this.sent = stats;
		this.connection.write(event);
	}

	/**
	 * @return whether the stats were sent; else the connection is full and they wait, replacing any older
	 * ones, for {@link #catchUp()}
	 */
	boolean stats(Stats stats, ByteBuf event) {
		if (this.ended || stats == this.sent) {
			return true;
		}
		this.sent = stats;
		dropMissed();
		if (this.connection.beforeFirst() || !this.connection.hasRoom()) {
			this.missed = event.retainedDuplicate();
			return false;
		}
		this.connection.write(event);
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
		if (this.connection.beforeFirst() || !this.connection.hasRoom()) {
			return true;
		}
		this.missed = null;
		try {
			this.connection.write(waiting);
		}
		finally {
			waiting.release();
		}
		return false;
	}

	/**
	 * A comment event, held while the replay is out; or, with the story's stats, both in one chunk
	 * ({@code withStats}) if the connection has room and this reader lacks them (else a tick sends them).
	 */
	void comment(ByteBuf event, @Nullable Stats stats, @Nullable ByteBuf withStats) {
		if (this.ended) {
			return;
		}
		if (this.replaying) {
			this.held.add(event);
		}
		else if (stats != null && withStats != null && !this.connection.beforeFirst() && this.connection.hasRoom()
				&& stats != this.sent) {
			this.sent = stats;
			dropMissed();
			this.connection.write(withStats);
		}
		else {
			writeComment(event);
		}
	}

	/**
	 * Sends a replayed event; the replay sends the next once there is room (see {@link #whenWritable}).
	 */
	void replayed(ByteBuf event) {
		if (!this.ended) {
			this.connection.write(event);
		}
	}

	/**
	 * The replay is out: the events held meanwhile follow, then live ones as they come.
	 */
	void live() {
		this.replaying = false;
		this.held.drain((event) -> {
			if (!this.ended) {
				writeComment(event);
			}
		});
	}

	/**
	 * Runs the action on the loop once the connection has room, or the stream has ended (a stalled one is
	 * ended first): a replay waits here for its reader.
	 */
	void whenWritable(Runnable action) {
		this.connection.whenRoom(() -> {
			if (!this.ended && this.connection.stalled()) {
				end();
			}
			action.run();
		}, this::ended);
	}

	void heartbeat() {
		if (this.ended || this.connection.beforeFirst()) {
			return;
		}
		if (this.connection.stalled()) {
			end();
		}
		else if (this.connection.hasRoom()) {
			this.connection.write(SseFrames.HEARTBEAT);
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
		this.held.drain((event) -> { });
		this.connection.release();
		dropMissed();
	}

	private void dropMissed() {
		if (this.missed != null) {
			this.missed.release();
			this.missed = null;
		}
	}

	private void writeComment(ByteBuf event) {
		if (this.connection.stalled()) {
			end();
			return;
		}
		this.connection.write(event);
	}

}
