package io.readerpulse.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * every other one, view totals reach readers of a story on instances that did not count its views, and
 * {@code readingNow} counts the readers of every instance (each tells its own every
 * {@value #READERS_SECONDS} seconds).
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

	// Each instance tells its readers per story this often; one not heard from for three rounds is gone.
	static final int READERS_SECONDS = 2;

	private static final Duration READERS_INTERVAL = Duration.ofSeconds(READERS_SECONDS);

	private static final Duration READERS_TTL = READERS_INTERVAL.multipliedBy(3);

	private static final Logger logger = LoggerFactory.getLogger(ClusterBridge.class);

	private final String instance = UUID.randomUUID().toString().substring(0, 8);

	private final ConnectionFactory connections;

	private final DatabaseClient database;

	private final CommentFeed feed;

	private final StatsHub hub;

	private final Map<String, String> pending = new ConcurrentHashMap<>();

	private final AtomicBoolean sending = new AtomicBoolean();

	private final Map<String, KnownReaders> readersElsewhere = new ConcurrentHashMap<>();

	private volatile @Nullable Disposable listening;

	private volatile @Nullable Disposable announcing;

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

	// The first number after the story: a comment event number, or a view total.
	private static long seqOf(String change) {
		return Long.parseLong(change.split(" ")[2]);
	}

	/**
	 * Tells the other instances a story's new view totals, if any of them has a reader of it (their own
	 * flushes tell them otherwise, and most stories have no reader open).
	 * @param articleId the story
	 * @param views its counted views
	 * @param uniqueVisitors its distinct visitors
	 */
	public void viewsChanged(long articleId, long views, long uniqueVisitors) {
		if (this.readersElsewhere.values().stream().noneMatch((known) -> known.readers().containsKey(articleId))) {
			return;
		}
		// Totals only grow: of two waiting, the larger is the newer.
		this.pending.merge("v " + articleId, "v " + articleId + " " + views + " " + uniqueVisitors,
				(waiting, next) -> (seqOf(next) > seqOf(waiting)) ? next : waiting);
		drain();
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
		notify(payloads)
			.doOnError((ex) -> logger.warn("Telling other instances about live changes failed: {}", ex.getMessage()))
			.onErrorComplete()
			.doFinally((signal) -> {
				this.sending.set(false);
				drain();
			})
			.subscribe();
	}

	/**
	 * Tells the other instances how many readers this one has per story: the whole set, in notifications
	 * that stay under PostgreSQL's 8,000-byte limit.
	 */
	void sendReaders() {
		List<String> payloads = new ArrayList<>();
		StringBuilder payload = new StringBuilder(this.instance).append(" n");
		for (Map.Entry<Long, Long> entry : this.hub.localReaders().entrySet()) {
			if (payload.length() > 7_000) {
				payloads.add(payload.toString());
				payload = new StringBuilder(this.instance).append(" n+");
			}
			payload.append(' ').append(entry.getKey()).append(':').append(entry.getValue());
		}
		payloads.add(payload.toString());
		// A lost round is repaired by the next one.
		notify(payloads).onErrorComplete().subscribe();
		forgetSilentInstances();
	}

	private Mono<Void> notify(List<String> payloads) {
		return this.database.sql("select pg_notify('" + CHANNEL + "', p) from unnest(:payloads::text[]) p")
			.bind("payloads", payloads.toArray(String[]::new))
			.then();
	}

	private void forgetSilentInstances() {
		long now = System.nanoTime();
		if (this.readersElsewhere.values().removeIf((known) -> now - known.at() > READERS_TTL.toNanos())) {
			publishReadersElsewhere();
		}
	}

	private void publishReadersElsewhere() {
		Map<Long, Long> total = new HashMap<>();
		this.readersElsewhere.values()
			.forEach((known) -> known.readers().forEach((id, readers) -> total.merge(id, readers, Long::sum)));
		this.hub.readersElsewhere(total);
	}

	void received(String payload) {
		String[] parts = payload.split(" ");
		if (parts.length < 2 || parts[0].equals(this.instance)) {
			return;
		}
		if (parts[1].startsWith("n")) {
			receivedReaders(parts);
			return;
		}
		if (parts.length < 3) {
			return;
		}
		try {
			long articleId = Long.parseLong(parts[2]);
			if ("c".equals(parts[1]) && parts.length == 5) {
				this.feed.changed(articleId);
				this.hub.commentsChanged(articleId, Long.parseLong(parts[3]), Long.parseLong(parts[4]));
			}
			else if ("v".equals(parts[1]) && parts.length == 5) {
				this.hub.viewsChanged(articleId, Long.parseLong(parts[3]), Long.parseLong(parts[4]));
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

	private void receivedReaders(String[] parts) {
		Map<Long, Long> readers = new HashMap<>();
		try {
			for (int i = 2; i < parts.length; i++) {
				int colon = parts[i].indexOf(':');
				readers.put(Long.parseLong(parts[i].substring(0, colon)), Long.parseLong(parts[i].substring(colon + 1)));
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Ignoring a malformed readers notification");
			return;
		}
		KnownReaders known = this.readersElsewhere.get(parts[0]);
		if ("n+".equals(parts[1]) && known != null) {
			// A continuation of the same snapshot.
			readers.putAll(known.readers());
		}
		this.readersElsewhere.put(parts[0], new KnownReaders(readers, System.nanoTime()));
		publishReadersElsewhere();
	}

	/**
	 * What one other instance last said about its readers, and when.
	 */
	private record KnownReaders(Map<Long, Long> readers, long at) {
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
		this.announcing = Flux.interval(READERS_INTERVAL).onBackpressureDrop().subscribe((tick) -> sendReaders());
	}

	@Override
	public void stop() {
		Disposable running = this.listening;
		if (running != null) {
			running.dispose();
		}
		Disposable announcing = this.announcing;
		if (announcing != null) {
			announcing.dispose();
		}
		this.listening = null;
		this.announcing = null;
	}

	@Override
	public boolean isRunning() {
		return this.listening != null;
	}

}
