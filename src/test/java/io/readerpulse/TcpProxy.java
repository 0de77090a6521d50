package io.readerpulse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * A TCP proxy on the loopback address, for tests that take a server away: {@link #cut()} drops every
 * connection and refuses new ones, as a database that restarts or a network that fails would, until
 * {@link #restore()}.
 */
public final class TcpProxy implements AutoCloseable {

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private final DisposableServer server;

	private volatile boolean open = true;

	/**
	 * Starts a proxy to a server.
	 * @param host the server's host
	 * @param port the server's port
	 */
	public TcpProxy(String host, int port) {
		this.server = TcpServer.create()
			.host("127.0.0.1")
			.port(0)
			.doOnConnection(this.connections::add)
			.handle((in, out) -> {
				if (!this.open) {
					return Mono.empty();
				}
				return TcpClient.create().host(host).port(port).connect().flatMap((upstream) -> {
					this.connections.add(upstream);
					Mono<Void> up = upstream.outbound().send(in.receive().retain()).then();
					Mono<Void> down = out.send(upstream.inbound().receive().retain()).then();
					return Mono.firstWithSignal(up, down).doFinally((signal) -> {
						this.connections.remove(upstream);
						upstream.dispose();
					});
				});
			})
			.bindNow();
	}

	/**
	 * The port the proxy listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Drops every connection and refuses new ones.
	 */
	public void cut() {
		this.open = false;
		this.connections.forEach(Connection::dispose);
		this.connections.clear();
	}

	/**
	 * Accepts connections again.
	 */
	public void restore() {
		this.open = true;
	}

	@Override
	public void close() {
		cut();
		this.server.disposeNow();
	}

}
