package io.readerpulse.live;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A story stream on a Netty {@link EmbeddedChannel}: its event loop runs when the test says so, and what
 * the stream writes can be read back as the events a browser would see.
 */
final class TestReader {

	private static final List<String> HEARTBEAT = List.of(":");

	final EmbeddedChannel channel;

	final EventStream stream;

	private final AtomicBoolean ended = new AtomicBoolean();

	private final StringBuilder unread = new StringBuilder();

	private int heartbeats;

	TestReader() {
		this(new EmbeddedChannel());
	}

	/**
	 * A reader whose connection is on the same event loop as the neighbour's: the neighbour's
	 * {@link #events()} runs the loop's tasks for both, as one loop thread runs them for its connections.
	 */
	TestReader(TestReader neighbour) {
		this(new EmbeddedChannel() {
			@Override
			public EventLoop eventLoop() {
				return neighbour.channel.eventLoop();
			}
		});
	}

	private TestReader(EmbeddedChannel channel) {
		this.channel = channel;
		AtomicReference<MonoSink<Void>> end = new AtomicReference<>();
		Mono.<Void>create(end::set).doOnSuccess((done) -> this.ended.set(true)).subscribe();
		this.stream = new EventStream(this.channel, true, end.get(), SseFrames.retry(3000));
	}

	/**
	 * Joins the topics as a stream opening does, and sends the first event.
	 */
	TestReader joining(StatsTopics topics, long articleId, Stats loaded) {
		return joining(topics, topics.arrive(articleId), loaded);
	}

	/**
	 * Joins as a stream that arrived earlier does, and sends the first event.
	 */
	TestReader joining(StatsTopics topics, Arrival arrival, Stats loaded) {
		Stats stats = Objects.requireNonNull(topics.join(arrival, this.stream, loaded));
		ByteBuf first = topics.encode(stats);
		this.stream.joined = true;
		this.stream.first(stats, first);
		first.release();
		return this;
	}

	/**
	 * Makes the connection full, or gives it room again.
	 */
	void full(boolean full) {
		this.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, !full);
	}

	/**
	 * Runs the loop and returns the events written since the last call, each as its lines. Heartbeats, which
	 * come at a moment of their own in each period, are only counted (see {@link #heartbeats()}).
	 */
	List<List<String>> events() {
		this.channel.runPendingTasks();
		for (Object written = this.channel.readOutbound(); written != null; written = this.channel.readOutbound()) {
			ByteBuf buffer = (ByteBuf) written;
			this.unread.append(buffer.toString(StandardCharsets.UTF_8));
			buffer.release();
		}
		List<List<String>> events = new ArrayList<>();
		int end;
		while ((end = this.unread.indexOf("\n\n")) >= 0) {
			List<String> event = Arrays.asList(this.unread.substring(0, end).split("\n"));
			if (event.equals(HEARTBEAT)) {
				this.heartbeats++;
			}
			else {
				events.add(event);
			}
			this.unread.delete(0, end + 2);
		}
		return events;
	}

	/**
	 * Runs the loop and returns how many heartbeats were written since the last call (other events written
	 * meanwhile are dropped).
	 */
	int heartbeats() {
		events();
		int beats = this.heartbeats;
		this.heartbeats = 0;
		return beats;
	}

	/**
	 * The data of the named events written since the last call.
	 */
	List<String> data(String name) {
		List<String> data = new ArrayList<>();
		for (List<String> event : events()) {
			if (event.contains("event:" + name)) {
				event.stream().filter((line) -> line.startsWith("data:")).forEach((line) -> data.add(line.substring(5)));
			}
		}
		return data;
	}

	boolean ended() {
		this.channel.runPendingTasks();
		return this.ended.get();
	}

}
