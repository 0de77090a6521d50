package io.readerpulse.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Sends this instance's notices to the others with {@code pg_notify}, after the change committed. Notices
 * that arrive while one round is being sent go together in the next, and of two waiting about the same
 * story only the newer is sent, so a busy story costs one round trip per round, not one per change.
 * <p>
 * Rounds go on the connection this instance listens on (see {@link ClusterListener}) while it has one:
 * PostgreSQL hands a session its own notices without waking another process, where a pooled connection's
 * notice woke the listening one; and a round neither waits behind the writes for a pooled connection nor,
 * when none comes within the pool's limit, is dropped.
 */
@Component
final class ClusterOutbox extends WhileRunning {

	private static final Logger logger = LoggerFactory.getLogger(ClusterOutbox.class);

	private static final String NOTIFY = "select pg_notify('pulse_live', p) from unnest($1::text[]) p";

	private final String instance = UUID.randomUUID().toString().substring(0, 8);

	private final DatabaseClient database;

	private final ClusterCodec codec;

	private final Map<Waiting, ClusterNotice> pending = new ConcurrentHashMap<>();

	private final AtomicBoolean sending = new AtomicBoolean();

	// The connection this instance listens on, while it listens.
	private volatile @Nullable PostgresqlConnection listening;

	ClusterOutbox(DatabaseClient database, ClusterCodec codec) {
		this.database = database;
		this.codec = codec;
	}

	/**
	 * This instance's name in its notices.
	 * @return a short random id, new with every start of the service
	 */
	String instance() {
		return this.instance;
	}

	/**
	 * Sends the rounds on this connection from now on, or on pooled ones again.
	 * @param connection the connection that listens, or {@code null} once it no longer does
	 */
	void listening(@Nullable PostgresqlConnection connection) {
		this.listening = connection;
	}

	/**
	 * Sends a notice with the next round.
	 * @param articleId the story it is about
	 * @param notice the notice
	 */
	void send(long articleId, ClusterNotice notice) {
		this.pending.merge(new Waiting(notice.getClass(), articleId), notice,
				(waiting, next) -> next.supersedes(waiting) ? next : waiting);
		drain();
	}

	/**
	 * Sends notices at once, in one round trip; a lost one is not sent again.
	 * @param notices the notices
	 */
	void sendNow(List<ClusterNotice> notices) {
		track(notify(notices).onErrorComplete());
	}

	private void drain() {
		if (this.pending.isEmpty() || !this.sending.compareAndSet(false, true)) {
			return;
		}
		List<ClusterNotice> notices = new ArrayList<>();
		for (Waiting key : List.copyOf(this.pending.keySet())) {
			ClusterNotice notice = this.pending.remove(key);
			if (notice != null) {
				notices.add(notice);
			}
		}
		track(notify(notices)
			.doOnError((ex) -> logger.warn("Telling other instances about live changes failed: {}", ex.getMessage()))
			.onErrorComplete()
			.doFinally((signal) -> {
				this.sending.set(false);
				drain();
			}));
	}

	private Mono<Void> notify(List<ClusterNotice> notices) {
		String[] payloads = notices.stream()
			.map((notice) -> this.codec.encode(new ClusterNotice.Envelope(this.instance, notice)))
			.toArray(String[]::new);
		PostgresqlConnection connection = this.listening;
		if (connection == null) {
			return pooled(payloads);
		}
		return connection.createStatement(NOTIFY)
			.bind(0, payloads)
			.execute()
			.flatMap(PostgresqlResult::getRowsUpdated)
			.then()
			// The listening connection lost (it listens again soon): a pooled one takes the round.
			.onErrorResume((ex) -> pooled(payloads));
	}

	private Mono<Void> pooled(String[] payloads) {
		return this.database.sql(NOTIFY).bind(0, payloads).then();
	}

	private void track(Mono<Void> sending) {
		// A notice still being sent at a stop is dropped: the other instances repair it from the database.
		whileRunning(sending).subscribe();
	}

	/**
	 * What a waiting notice is about: its kind and story.
	 */
	private record Waiting(Class<?> kind, long articleId) {
	}

}
