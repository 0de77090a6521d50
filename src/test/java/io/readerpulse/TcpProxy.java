package io.readerpulse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * A TCP proxy on the loopback address, for tests that take a server away: {@link #cut()} drops every
 * connection and refuses new ones, as a database that restarts or a network that fails would, until
 * {@link #restore()}; {@link #loseReplies()} lets requests through but drops the answers, as a network that
 * fails right after the server has acted on a request would.
 */
public final class TcpProxy implements AutoCloseable {

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private final DisposableServer server;

	private volatile boolean open = true;

	private volatile boolean repliesLost;

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
					Mono<Void> down = out.send(upstream.inbound().receive().retain().filter(this::delivered)).then();
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
	 * From now on, forwards what clients send but drops what the server answers, on every connection, until
	 * {@link #restore()}. A connection that lost answers is out of step with its server: {@link #cut()} it
	 * before restoring.
	 */
	public void loseReplies() {
		this.repliesLost = true;
	}

	/**
	 * Accepts connections and delivers answers again.
	 */
	public void restore() {
		this.repliesLost = false;
		this.open = true;
	}

	private boolean delivered(ByteBuf bytes) {
		if (this.repliesLost) {
			bytes.release();
			return false;
		}
		return true;
	}

	@Override
	public void close() {
		cut();
		this.server.disposeNow();
	}

}
