package io.readerpulse.live;

import java.time.Duration;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Hears the other instances' notices on a PostgreSQL connection of its own ({@code LISTEN}) and hands them
 * to this instance's topics and comment feed. When that connection is lost it listens again, and every open
 * comment feed re-reads its story, so nothing published meanwhile is missed.
 */
@Component
final class ClusterListener extends WhileRunning {

	private static final Logger logger = LoggerFactory.getLogger(ClusterListener.class);

	private final ConnectionFactory connections;

	private final ClusterCodec codec;

	private final ClusterOutbox outbox;

	private final CommentFeed feed;

	private final StatsTopics topics;

	private final ReaderExchange readers;

	private final ObjectProvider<StoryNews.Listener> stories;

	ClusterListener(ConnectionFactory connections, ClusterCodec codec, ClusterOutbox outbox, CommentFeed feed,
			StatsTopics topics, ReaderExchange readers, ObjectProvider<StoryNews.Listener> stories) {
		this.connections = connections;
		this.codec = codec;
		this.outbox = outbox;
		this.feed = feed;
		this.topics = topics;
		this.readers = readers;
		this.stories = stories;
	}

	void received(String payload) {
		if (ClusterCodec.isFrom(payload, this.outbox.instance())) {
			return;
		}
		this.codec.decode(payload)
			.filter((envelope) -> !envelope.from().equals(this.outbox.instance()))
			.ifPresent(this::deliver);
	}

	private void deliver(ClusterNotice.Envelope envelope) {
		ClusterNotice notice = envelope.notice();
		if (notice instanceof ClusterNotice.CommentsChanged comments) {
			// The count first: the feed's delivery of the events takes the topic's latest stats along.
			this.topics.update(comments.articleId(), new StatsChange.Commented(comments.seq(), comments.comments()));
			this.feed.changed(comments.articleId());
		}
		else if (notice instanceof ClusterNotice.ViewsChanged views) {
			this.topics.update(views.articleId(), new StatsChange.Viewed(views.views(), views.uniqueVisitors()));
		}
		else if (notice instanceof ClusterNotice.ReactionsChanged reactions) {
			this.topics.update(reactions.articleId(), new StatsChange.Reacted(reactions.reactions()));
		}
		else if (notice instanceof ClusterNotice.Readers counts) {
			this.readers.received(envelope.from(), counts);
		}
		else if (notice instanceof ClusterNotice.StoriesCreated created) {
			this.stories.forEach((listener) -> listener.storiesCreatedElsewhere(created.slugs()));
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
		super.start();
		whileRunning(Flux.usingWhen(Mono.from(factory.create()).cast(PostgresqlConnection.class),
				(connection) -> connection.createStatement("LISTEN pulse_live")
					.execute()
					.flatMap(PostgresqlResult::getRowsUpdated)
					.thenMany(Flux.defer(() -> {
						this.outbox.listening(connection);
						// Whatever was published while this instance was not listening is read now.
						this.feed.changedAll();
						return connection.getNotifications();
					})),
				(connection) -> {
					this.outbox.listening(null);
					return connection.close();
				})
			.mapNotNull(Notification::getParameter)
			// The server ended the session (a restart, say): listen again.
			.repeatWhen((ended) -> ended.delayElements(Duration.ofSeconds(1)))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry((retry) -> logger.warn("Listening for other instances' changes failed; retrying: {}",
						retry.failure().getMessage()))))
			.subscribe(this::received);
	}

}
