package io.readerpulse.live;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other instances hear this one's notices: on the connection it listens on, even while a burst of
 * writes holds every pooled connection, and on a pooled one while it does not listen.
 */
class ClusterOutboxIT extends IntegrationTest {

	private static final long STORY = Long.MAX_VALUE - 7;

	@Autowired
	private ConnectionFactory connections;

	@Autowired
	private ClusterOutbox outbox;

	@Autowired
	private ClusterCodec codec;

	// Another instance's listening session.
	private PostgresqlConnection other;

	@BeforeEach
	void listenAsAnotherInstance() {
		this.other = Mono.from(((ConnectionPool) this.connections).unwrap().create())
			.cast(PostgresqlConnection.class)
			.block(Duration.ofSeconds(10));
		this.other.createStatement("LISTEN pulse_live").execute().flatMap(PostgresqlResult::getRowsUpdated)
			.then().block(Duration.ofSeconds(10));
	}

	@AfterEach
	void stopListening() {
		Mono.from(this.other.close()).block(Duration.ofSeconds(10));
	}

	@Test
	void aNoticeGoesOutWhileEveryPooledConnectionIsTaken() {
		ConnectionPool pool = (ConnectionPool) this.connections;
		int size = pool.getMetrics().orElseThrow().getMaxAllocatedSize();
		List<Connection> held = Flux.range(0, size).flatMap((i) -> pool.create()).collectList()
			.block(Duration.ofSeconds(20));
		try {
			// A pooled connection would have come only once one was given back, or after the pool's 5 s
			// wait for one, with the notice dropped.
			sendsAndIsHeardWithin(12, Duration.ofSeconds(3));
		}
		finally {
			Flux.fromIterable(held).flatMap(Connection::close).then().block(Duration.ofSeconds(10));
		}
	}

	@Test
	void withoutItsListeningConnectionAnInstanceSendsOnAPooledOne() {
		Object listening = ReflectionTestUtils.getField(this.outbox, "listening");
		assertThat(listening).isNotNull();
		this.outbox.listening(null);
		try {
			sendsAndIsHeardWithin(13, Duration.ofSeconds(5));
		}
		finally {
			this.outbox.listening((PostgresqlConnection) listening);
		}
	}

	private void sendsAndIsHeardWithin(long seq, Duration within) {
		ClusterNotice notice = new ClusterNotice.CommentsChanged(STORY, seq, seq - 1);
		// Subscribed before the notice is sent: a session's notifications are not kept for later subscribers.
		CompletableFuture<ClusterNotice.Envelope> heard = this.other.getNotifications()
			.mapNotNull(Notification::getParameter)
			.mapNotNull((payload) -> this.codec.decode(payload).orElse(null))
			.filter((envelope) -> envelope.notice().equals(notice))
			.next()
			.toFuture();
		this.outbox.send(STORY, notice);
		assertThat(heard).succeedsWithin(within).isEqualTo(new ClusterNotice.Envelope(this.outbox.instance(), notice));
	}

}
