package io.readerpulse.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import io.readerpulse.article.Stats;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Carries live changes between the instances behind a load balancer, through PostgreSQL
 * {@code LISTEN/NOTIFY}: a comment published or a reaction counted on one instance reaches the readers of
 * every other one.
 * <p>
 * Notifications are small (what changed, never content: comment events are then read from the database by
 * each instance's {@link CommentFeed}) and sent after the change committed. Changes that arrive while a
 * notification is being sent go together in the next one, so a busy story costs one notification per
 * round trip, not one per comment. Each instance listens on one connection of its own; when that connection
 * is lost it reconnects, and every open comment feed re-reads its story, so nothing published meanwhile is
 * missed.
 */
@Component
public final class ClusterBridge implements SmartLifecycle {

	static final String CHANNEL = "pulse_live";

	private static final Logger logger = LoggerFactory.getLogger(ClusterBridge.class);

	private final String instance = UUID.randomUUID().toString().substring(0, 8);

	private final ConnectionFactory connections;

	private final DatabaseClient database;

	private final CommentFeed feed;

	private final StatsHub hub;

	private final Map<String, String> pending = new ConcurrentHashMap<>();

	private final AtomicBoolean sending = new AtomicBoolean();

	private volatile @Nullable Disposable listening;

	ClusterBridge(ConnectionFactory connections, DatabaseClient database, CommentFeed feed, StatsHub hub) {
		this.connections = connections;
		this.database = database;
		this.feed = feed;
		this.hub = hub;
	}

	/**
	 * Tells the other instances that a story's comments changed (after the commit).
	 * @param articleId the story
	 * @param seq its last comment event number
	 * @param comments its published comments as of that event
	 */
	public void commentsChanged(long articleId, long seq, long comments) {
		// Of two counts waiting for the same story, the one with the later event is the true one.
		this.pending.merge("c " + articleId, "c " + articleId + " " + seq + " " + comments,
				(waiting, next) -> (seqOf(next) > seqOf(waiting)) ? next : waiting);
		drain();
	}

	private static long seqOf(String commentChange) {
		return Long.parseLong(commentChange.split(" ")[2]);
	}

	/**
	 * Tells the other instances a story's new reaction counts (after the commit).
	 * @param articleId the story
	 * @param reactions the counts
	 */
	public void reactionsChanged(long articleId, Stats.Reactions reactions) {
		this.pending.put("r " + articleId, "r " + articleId + " " + reactions.like() + " " + reactions.love() + " "
				+ reactions.haha() + " " + reactions.wow() + " " + reactions.sad() + " " + reactions.angry());
		drain();
	}

	private void drain() {
		if (this.pending.isEmpty() || !this.sending.compareAndSet(false, true)) {
			return;
		}
		List<String> payloads = new ArrayList<>();
		for (String key : List.copyOf(this.pending.keySet())) {
			String change = this.pending.remove(key);
			if (change != null) {
				payloads.add(this.instance + " " + change);
			}
		}
		this.database.sql("select pg_notify('" + CHANNEL + "', p) from unnest(:payloads::text[]) p")
			.bind("payloads", payloads.toArray(String[]::new))
			.then()
			.doOnError((ex) -> logger.warn("Telling other instances about live changes failed: {}", ex.getMessage()))
			.onErrorComplete()
			.doFinally((signal) -> {
				this.sending.set(false);
				drain();
			})
			.subscribe();
	}

	void received(String payload) {
		String[] parts = payload.split(" ");
		if (parts.length < 3 || parts[0].equals(this.instance)) {
			return;
		}
		try {
			long articleId = Long.parseLong(parts[2]);
			if ("c".equals(parts[1]) && parts.length == 5) {
				this.feed.changed(articleId);
				this.hub.commentsChanged(articleId, Long.parseLong(parts[3]), Long.parseLong(parts[4]));
			}
			else if ("r".equals(parts[1]) && parts.length == 9) {
				this.hub.reactionsChanged(articleId, new Stats.Reactions(Long.parseLong(parts[3]),
						Long.parseLong(parts[4]), Long.parseLong(parts[5]), Long.parseLong(parts[6]),
						Long.parseLong(parts[7]), Long.parseLong(parts[8])));
			}
		}
		catch (NumberFormatException ex) {
			logger.debug("Ignoring a malformed live notification");
		}
	}

	@Override
	public void start() {
		ConnectionFactory direct = this.connections;
		// A pooled connection would go back to the pool; listening needs one of its own for good.
		while (direct instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner) {
			direct = inner;
		}
		ConnectionFactory factory = direct;
		this.listening = Flux.usingWhen(Mono.from(factory.create()).cast(PostgresqlConnection.class),
				(connection) -> connection.createStatement("LISTEN " + CHANNEL)
					.execute()
					.flatMap(io.r2dbc.postgresql.api.PostgresqlResult::getRowsUpdated)
					.thenMany(Flux.defer(() -> {
						// Whatever was published while this instance was not listening is read now.
						this.feed.changedAll();
						return connection.getNotifications();
					})),
				(connection) -> connection.close())
			.mapNotNull(Notification::getParameter)
			// The server ended the session (a restart, say): listen again.
			.repeatWhen((ended) -> ended.delayElements(Duration.ofSeconds(1)))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry((retry) -> logger.warn("Listening for other instances' changes failed; retrying: {}",
						retry.failure().getMessage())))
			.subscribe(this::received);
	}

	@Override
	public void stop() {
		Disposable running = this.listening;
		if (running != null) {
			running.dispose();
		}
		this.listening = null;
	}

	@Override
	public boolean isRunning() {
		return this.listening != null;
	}

}
