package io.readerpulse.web;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.FastThreadLocal;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * Handles a request that waited behind the previous one on its connection in a task of its own. Reactor Netty
 * 1.3.6 can stop reading a keep-alive connection when such a request (it arrived before the previous one had
 * ended) is answered at once, within the task that ended the previous one (a 401, a beacon's 202): the next
 * request on that connection is then never read (reactor-netty#4361, fixed after 1.3.8, which needs a Netty
 * whose native transports are not published yet). Starting it one task later avoids that path. Remove it with
 * the Reactor Netty upgrade; {@code KeepAliveIT} shows whether it is still needed.
 * <p>
 * A request handled as it is read, the usual case, starts at once: answered within the read, its connection
 * is read on without Netty's epoll transport stopping and restarting the reads (two {@code epoll_ctl} calls
 * per request), and no task is queued for it.
 */
@Component
final class KeepAliveCompletion implements NettyServerCustomizer {

	// The headers of the request whose read is being handled on this event loop, if any.
	private static final FastThreadLocal<HttpHeaders> READING = new FastThreadLocal<>();

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, remote) -> {
			if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
				channel.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, "pulse.reads", Reads.INSTANCE);
			}
		}).mapHandle((handling, connection) -> asRead(connection) ? handling
				: later(connection.channel().eventLoop()).then(handling));
	}

	private static boolean asRead(Connection connection) {
		return connection instanceof HttpServerRequest request && READING.get() == request.requestHeaders();
	}

	private static Mono<Void> later(EventLoop loop) {
		return Mono.create((next) -> loop.execute(next::success));
	}

	/**
	 * Marks the request being read while Reactor Netty dispatches it; one for all connections.
	 */
	@ChannelHandler.Sharable
	static final class Reads extends ChannelInboundHandlerAdapter {

		static final Reads INSTANCE = new Reads();

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (!(message instanceof HttpRequest request)) {
				context.fireChannelRead(message);
				return;
			}
			HttpHeaders outer = READING.get();
			READING.set(request.headers());
			try {
				context.fireChannelRead(message);
			}
			finally {
				READING.set(outer);
			}
		}

	}

}
