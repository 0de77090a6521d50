package io.readerpulse.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.NettyPipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A stream's chunks on a real epoll connection: sent straight to the socket while the channel has nothing
 * queued, and never out of order when the socket is full.
 */
class StreamConnectionTest {

	private MultiThreadIoEventLoopGroup loops;

	private final CompletableFuture<Channel> accepted = new CompletableFuture<>();

	private final List<ByteBuf> chunks = new ArrayList<>();

	@BeforeEach
	void epoll() {
		assumeTrue(Epoll.isAvailable(), "epoll, as on Linux");
		this.loops = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
	}

	@AfterEach
	void stop() {
		this.chunks.forEach(ByteBuf::release);
		if (this.loops != null) {
			this.loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

	@Test
	void aChunkGoesStraightToTheSocketOnceTheChannelHasNothingQueued() throws Exception {
		try (Socket reader = connect(false)) {
			Channel channel = this.accepted.get(5, TimeUnit.SECONDS);
			StreamConnection connection = onLoop(channel, () -> open(channel));
			// The first event goes with the stream's own fields, through the HTTP encoder.
			assertThat(onLoop(channel, () -> connection.write(event(1)))).isFalse();
			assertThat(onLoop(channel, () -> connection.write(event(2)))).as("sent straight").isTrue();
			assertThat(onLoop(channel, () -> connection.write(SseFrames.HEARTBEAT))).as("sent straight").isTrue();

			assertThat(body(reader, 3)).isEqualTo("retry:1000\n" + data(1) + data(2) + ":\n\n");
		}
	}

	@Test
	void whatAFullSocketCannotTakeWaitsInTheChannelAndWhatFollowsQueuesBehindIt() throws Exception {
		try (Socket reader = connect(false)) {
			Channel channel = this.accepted.get(5, TimeUnit.SECONDS);
			StreamConnection connection = onLoop(channel, () -> open(channel));
			// The reader reads nothing until 200 events of 8 KB have been written: far more than both sockets hold.
			List<Boolean> straight = onLoop(channel, () -> {
				List<Boolean> each = new ArrayList<>();
				for (int i = 1; i <= 200; i++) {
					each.add(connection.write(event(i)));
				}
				return each;
			});
			assertThat(straight.subList(1, 200)).as("some sent straight, then queued once the socket was full")
				.contains(true, false);

			StringBuilder expected = new StringBuilder("retry:1000\n");
			for (int i = 1; i <= 200; i++) {
				expected.append(data(i));
			}
			assertThat(body(reader, 200)).as("every event, whole and in order").isEqualTo(expected.toString());
		}
	}

	@Test
	void nothingGoesStraightWhereAHandlerSitsBetweenTheEncoderAndTheSocket() throws Exception {
		try (Socket reader = connect(true)) {
			Channel channel = this.accepted.get(5, TimeUnit.SECONDS);
			StreamConnection connection = onLoop(channel, () -> open(channel));
			assertThat(onLoop(channel, () -> connection.write(event(1)))).isFalse();
			assertThat(onLoop(channel, () -> connection.write(event(2)))).as("through the handler (TLS, say)").isFalse();

			assertThat(body(reader, 2)).isEqualTo("retry:1000\n" + data(1) + data(2));
		}
	}

	/** Starts a server with the HTTP codec where Reactor Netty puts it, and connects a reader with a small buffer. */
	private Socket connect(boolean handlerBelowCodec) throws Exception {
		ServerBootstrap server = new ServerBootstrap().group(this.loops)
			.channel(EpollServerSocketChannel.class)
			// A fixed buffer (the kernel would grow it to megabytes), so that the socket fills within a test.
			.childOption(ChannelOption.SO_SNDBUF, 16 * 1024)
			.childHandler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel channel) {
					if (handlerBelowCodec) {
						channel.pipeline().addLast("tls", new ChannelOutboundHandlerAdapter());
					}
					channel.pipeline().addLast(NettyPipeline.HttpCodec, new HttpServerCodec());
					channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
						@Override
						public void channelActive(ChannelHandlerContext context) {
							StreamConnectionTest.this.accepted.complete(context.channel());
						}
					});
				}
			});
		InetSocketAddress address = (InetSocketAddress) server.bind("127.0.0.1", 0).sync().channel().localAddress();
		Socket reader = new Socket();
		reader.setReceiveBufferSize(4096);
		reader.setSoTimeout(10_000);
		reader.connect(address);
		return reader;
	}

	/** The response's head, as Reactor Netty has sent it when a stream opens, and the stream's connection. */
	private static StreamConnection open(Channel channel) {
		HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
		HttpUtil.setTransferEncodingChunked(head, true);
		channel.writeAndFlush(head);
		return new StreamConnection(channel, true, SseFrames.retry(1000));
	}

	private ByteBuf event(int n) {
		ByteBuf chunk = SseFrames.event(Integer.toString(n), "comment", payload(n));
		this.chunks.add(chunk);
		return chunk;
	}

	private static String data(int n) {
		return "id:" + n + "\nevent:comment\ndata:" + payload(n) + "\n\n";
	}

	private static String payload(int n) {
		return "\"" + "x".repeat(8192) + n + "\"";
	}

	private static <T> T onLoop(Channel channel, Callable<T> work) throws Exception {
		return channel.eventLoop().submit(work).get(10, TimeUnit.SECONDS);
	}

	/** Reads the response until it has the given number of chunks, and returns their content, joined. */
	private static String body(Socket reader, int chunks) throws IOException {
		InputStream in = reader.getInputStream();
		String head = line(in);
		assertThat(head).startsWith("HTTP/1.1 200");
		while (!line(in).isEmpty()) {
			// The rest of the head.
		}
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (int i = 0; i < chunks; i++) {
			int size = Integer.parseInt(line(in), 16);
			content.write(in.readNBytes(size));
			assertThat(line(in)).as("the end of chunk %d", i + 1).isEmpty();
		}
		return content.toString(StandardCharsets.UTF_8);
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("the connection ended");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

}
