package io.readerpulse.comment;

import java.util.List;
import java.util.function.Function;

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

	// Events per read: a page of comments is a few hundred kilobytes at most.
	private static final int PAGE = 200;

	private final DatabaseClient database;

	CommentEvents(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Reads the events a page at a time, each page read whole before it is handed on: a reader that is slow to
	 * take them never keeps a pooled connection checked out while it waits.
	 */
	@Override
	public Flux<CommentEvent> events(long articleId, long after, long upTo) {
		return page(articleId, after, upTo)
			.expand((page) -> (page.size() < PAGE) ? Mono.empty() : page(articleId, page.get(page.size() - 1).seq(), upTo))
			.flatMapIterable(Function.identity());
	}

	private Mono<List<CommentEvent>> page(long articleId, long after, long upTo) {
		return this.database.sql("""
				select seq, kind, data from comment_event
				where article_id = :article and seq > :after and seq <= :upTo order by seq limit :limit""")
			.bind("article", articleId)
			.bind("after", after)
			.bind("upTo", upTo)
			.bind("limit", PAGE)
			.map((row) -> new CommentEvent(row.get("seq", Long.class), row.get("kind", String.class),
					row.get("data", String.class)))
			.all()
			.collectList();
	}

	@Override
	public Mono<Long> lastEvent(long articleId) {
		return this.database.sql("select event_seq from article_stats where article_id = :article")
			.bind("article", articleId)
			.map((row) -> row.get("event_seq", Long.class))
			.one();
	}

}
