package io.readerpulse.comment;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.live.CommentEvent;
import io.readerpulse.live.CommentEventLog;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The comment events in PostgreSQL ({@code comment_event}), numbered per story and written by
 * {@link CommentWrites} in the same transaction as the change.
 */
@Component
final class CommentEvents implements CommentEventLog {

	private final DatabaseClient database;

	CommentEvents(DatabaseClient database) {
		this.database = database;
	}

	@Override
	public Flux<CommentEvent> events(long articleId, long after, long upTo) {
		return this.database.sql("""
				select seq, kind, data from comment_event
				where article_id = :article and seq > :after and seq <= :upTo order by seq""")
			.bind("article", articleId)
			.bind("after", after)
			.bind("upTo", upTo)
			.map((row) -> new CommentEvent(row.get("seq", Long.class), row.get("kind", String.class),
					row.get("data", String.class)))
			.all();
	}

	@Override
	public Mono<Long> lastEvent(long articleId) {
		return this.database.sql("select event_seq from article_stats where article_id = :article")
			.bind("article", articleId)
			.map((row) -> row.get("event_seq", Long.class))
			.one();
	}

}
