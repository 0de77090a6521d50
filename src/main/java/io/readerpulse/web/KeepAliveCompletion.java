package io.readerpulse.web;

import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * Handles every request on its connection's event loop in a task of its own. Reactor Netty 1.3.6 can stop
 * reading a keep-alive connection when a request that waited behind the previous one (it arrived before
 * that one had ended) is answered at once, within the same task (a 401, a beacon's 202): the next request
 * on that connection is then never read (reactor-netty#4361, fixed after 1.3.8, which needs a Netty whose
 * native transports are not published yet). Starting each request one task later avoids that path. Remove it
 * with the Reactor Netty upgrade; {@code KeepAliveIT} shows whether it is still needed.
 */
@Component
final class KeepAliveCompletion implements NettyServerCustomizer {

	@Override
	public HttpServer apply(HttpServer server) {
		// The response must not be written (and the request end) inside the task that dispatched the request.
		return server.mapHandle((handling, connection) -> later(connection.channel().eventLoop()).then(handling));
	}

	private static Mono<Void> later(EventLoop loop) {
		return Mono.create((next) -> loop.execute(next::success));
	}

}
