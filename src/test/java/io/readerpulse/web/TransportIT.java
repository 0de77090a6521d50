package io.readerpulse.web;

import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server and the database driver run on io_uring wherever the kernel allows it, else on epoll where that
 * is available (see "The transport" in the README).
 */
class TransportIT extends IntegrationTest {

	// Where the web server takes its event loops from.
	@Autowired
	private ReactorResourceFactory resources;

	@Autowired
	private DatabaseClient database;

	@Test
	void theServerRunsOnIoUringWhereTheKernelAllowsItElseOnEpoll() {
		IoEventLoopGroup loops = (IoEventLoopGroup) this.resources.getLoopResources().onServer(true);
		boolean ring = IoUring.isAvailable();
		assertThat(loops.isIoType(IoUringIoHandler.class)).isEqualTo(ring);
		assertThat(loops.isIoType(EpollIoHandler.class)).isEqualTo(!ring && Epoll.isAvailable());
	}

	@Test
	void theDriverAnswersOnTheSameKindOfLoop() {
		String thread = this.database.sql("select 1").map((row) -> Thread.currentThread().getName()).one().block();
		String transport = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
		assertThat(thread).startsWith("reactor-tcp-" + transport + "-");
	}

}
