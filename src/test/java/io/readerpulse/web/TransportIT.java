package io.readerpulse.web;

import java.time.Duration;

import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The server and the database driver run on epoll where it is available (see "The transport" in the README).
 */
class TransportIT extends IntegrationTest {

	// Where the web server takes its event loops from.
	@Autowired
	private ReactorResourceFactory resources;

	@Test
	void theServerRunsOnEpoll() {
		IoEventLoopGroup loops = (IoEventLoopGroup) this.resources.getLoopResources().onServer(true);
		assertThat(loops.isIoType(EpollIoHandler.class)).isEqualTo(Epoll.isAvailable());
	}

	@Test
	void theDriverAnswersOnTheSameKindOfLoop() {
		String thread = this.database.sql("select 1").map((row) -> Thread.currentThread().getName()).one().block();
		String transport = Epoll.isAvailable() ? "epoll" : "nio";
		assertThat(thread).startsWith("reactor-tcp-" + transport + "-");
	}

	/**
	 * Reactor Netty's clients, the database driver's among them, pause and resume reading a kept-alive
	 * connection. On Netty 4.2.15's io_uring transport a resumed read could be lost (netty#17049) and the answer
	 * sat unread: this failed within its first 300 requests in each of three runs on that version. Kept for
	 * whichever transport the service runs on.
	 */
	@Test
	void keptAliveConnectionsReadEveryAnswer() {
		WebTestClient quick = this.client.mutate().responseTimeout(Duration.ofSeconds(5)).build();
		for (int i = 0; i < 4000; i++) {
			int request = i;
			assertThatCode(() -> quick.get()
				.uri("/articles/no-such-story-{n}", request % 7)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody()
				.returnResult()).as("request %d", request).doesNotThrowAnyException();
		}
	}

}
