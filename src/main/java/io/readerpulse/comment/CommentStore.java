package io.readerpulse.comment;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.readerpulse.trending.DecayCounters;
import io.readerpulse.trending.TrendingProperties;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Comments and their events in PostgreSQL. Publishing or removing a comment, its event (with the story's
 * next sequence number), the published count and the trending weight are one transaction: a stream that
 * resumes from the events sees exactly what was acknowledged.
 */
@Component
public final class CommentStore {

	private static final String COLUMNS = "c.id, c.article_id, a.slug, c.parent_id, c.author_name, c.email, c.body, "
			+ "c.created_at, c.status";

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final JsonMapper json;

	private final DecayCounters decay;

	private final double weight;

	private final String advance;

	CommentStore(DatabaseClient database, TransactionalOperator transactions, JsonMapper json, DecayCounters decay,
			TrendingProperties trending) {
		this.database = database;
		this.transactions = transactions;
		this.json = json;
		this.decay = decay;
		this.weight = trending.commentWeight();
		// The row lock on the story's stats orders its events: sequence numbers are gap-free and commit in order.
		// One statement takes the lock and writes the event, and it comes last in the transaction, so the
		// lock is held for that statement and the commit only.
		this.advance = "with " + DecayCounters.LANDMARK + ", advanced as (update article_stats s set "
				+ "event_seq = s.event_seq + 1, comments = s.comments + :delta, " + decay.increments("s", ":weight")
				+ " from landmark where s.article_id = :article returning s.event_seq) "
				+ "insert into comment_event (article_id, seq, kind, comment_id, data) "
				+ "select :article, event_seq, :kind, :comment, :data from advanced returning seq";
	}

	Mono<Stored> insert(long articleId, PostCommentRequest request, String status) {
		Mono<Stored> insert = this.database.sql("""
				with c as (insert into comment (article_id, parent_id, author_name, email, body, status)
				           values (:article, :parent, :name, :email, :body, :status) returning *)
				select %s from c join article a on a.id = c.article_id""".formatted(COLUMNS))
			.bind("article", articleId)
			.bind("parent", parameter(request.parentId()))
			.bind("name", request.name())
			.bind("email", request.email())
			.bind("body", request.body())
			.bind("status", status)
			.map(CommentStore::toStored)
			.one();
		return insert.flatMap((stored) -> "PUBLISHED".equals(status)
				? event(articleId, "comment", stored.comment().id(), stored.comment(), 1, this.weight).thenReturn(stored)
				: Mono.just(stored))
			.as(this.transactions::transactional);
	}

	/**
	 * Publishes a held or rejected comment.
	 * @return the comment and its story, or empty if there is no such comment
	 */
	Mono<Stored> approve(long commentId) {
		return changeStatus(commentId, "PUBLISHED").flatMap((changed) -> {
			Stored stored = changed.stored();
			boolean wasPublished = "PUBLISHED".equals(changed.previous());
			return wasPublished ? Mono.just(stored)
					: event(stored.articleId(), "comment", commentId, stored.comment(), 1, this.weight).thenReturn(stored);
		}).as(this.transactions::transactional);
	}

	/**
	 * Rejects a comment; a published one disappears from readers' pages.
	 * @return the comment and its story, or empty if there is no such comment
	 */
	Mono<Stored> reject(long commentId) {
		return changeStatus(commentId, "REJECTED").flatMap((changed) -> removedIfPublished(changed.previous(),
				changed.stored()).thenReturn(changed.stored()))
			.as(this.transactions::transactional);
	}

	/**
	 * Deletes a comment; a published one disappears from readers' pages.
	 * @return the deleted comment's story id, or empty if there was none
	 */
	Mono<Long> delete(long commentId) {
		return this.database.sql("""
				with old as (select id, article_id, status from comment where id = :id for update),
				     gone as (delete from comment c using old where c.id = old.id returning c.id)
				select old.article_id, old.status from old join gone on gone.id = old.id""")
			.bind("id", commentId)
			.map((row) -> new Deleted(row.get("article_id", Long.class), row.get("status", String.class)))
			.one()
			.flatMap((deleted) -> ("PUBLISHED".equals(deleted.previous())
					? event(deleted.articleId(), "comment-removed", commentId, Map.of("id", commentId), -1, 0)
					: Mono.<Long>empty()).thenReturn(deleted.articleId()))
			.as(this.transactions::transactional);
	}

	Mono<Boolean> isPublishedOn(long commentId, long articleId) {
		return this.database.sql("select exists (select 1 from comment where id = :id and article_id = :article "
				+ "and status = 'PUBLISHED') as present")
			.bind("id", commentId)
			.bind("article", articleId)
			.map((row) -> Boolean.TRUE.equals(row.get("present", Boolean.class)))
			.one();
	}

	Mono<Boolean> isDuplicate(long articleId, String email, String body, Duration window) {
		return this.database.sql("select exists (select 1 from comment where article_id = :article "
				+ "and lower(email) = lower(:email) and body = :body and created_at > :since) as duplicate")
			.bind("article", articleId)
			.bind("email", email)
			.bind("body", body)
			.bind("since", Instant.now().minus(window))
			.map((row) -> Boolean.TRUE.equals(row.get("duplicate", Boolean.class)))
			.one();
	}

	Flux<Stored> published(long articleId, long afterId, int limit) {
		return this.database.sql("select " + COLUMNS + " from comment c join article a on a.id = c.article_id "
				+ "where c.article_id = :article and c.status = 'PUBLISHED' and c.id > :after order by c.id limit :limit")
			.bind("article", articleId)
			.bind("after", afterId)
			.bind("limit", limit)
			.map(CommentStore::toStored)
			.all();
	}

	Flux<Stored> byStatus(String status, long afterId, int limit) {
		return this.database.sql("select " + COLUMNS + " from comment c join article a on a.id = c.article_id "
				+ "where c.status = :status and c.id > :after order by c.id limit :limit")
			.bind("status", status)
			.bind("after", afterId)
			.bind("limit", limit)
			.map(CommentStore::toStored)
			.all();
	}

	/**
	 * The story's comment events after one sequence number, up to another, in order.
	 * @param articleId the story
	 * @param after the last sequence number already seen
	 * @param upTo the last sequence number wanted, or {@code Long.MAX_VALUE}
	 * @return the events
	 */
	public Flux<CommentEvent> events(long articleId, long after, long upTo) {
		return this.database.sql("select seq, kind, data from comment_event where article_id = :article "
				+ "and seq > :after and seq <= :upTo order by seq")
			.bind("article", articleId)
			.bind("after", after)
			.bind("upTo", upTo)
			.map((row) -> new CommentEvent(row.get("seq", Long.class), row.get("kind", String.class),
					row.get("data", String.class)))
			.all();
	}

	/**
	 * The story's last comment event sequence number.
	 * @param articleId the story
	 * @return the number, 0 before the first event; empty if the story does not exist
	 */
	public Mono<Long> lastEvent(long articleId) {
		return this.database.sql("select event_seq from article_stats where article_id = :article")
			.bind("article", articleId)
			.map((row) -> row.get("event_seq", Long.class))
			.one();
	}

	private Mono<Changed> changeStatus(long commentId, String status) {
		return this.database.sql("""
				with old as (select id, status from comment where id = :id for update),
				     c as (update comment c set status = :status from old where c.id = old.id returning c.*)
				select %s, old.status as previous from c join old on old.id = c.id join article a on a.id = c.article_id"""
			.formatted(COLUMNS))
			.bind("id", commentId)
			.bind("status", status)
			.map((row) -> new Changed(toStored(row), row.get("previous", String.class)))
			.one();
	}

	private Mono<Long> removedIfPublished(@Nullable String previous, Stored stored) {
		return "PUBLISHED".equals(previous)
				? event(stored.articleId(), "comment-removed", stored.comment().id(), Map.of("id", stored.comment().id()),
						-1, 0)
				: Mono.empty();
	}

	private Mono<Long> event(long articleId, String kind, long commentId, Object payload, int delta, double weight) {
		GenericExecuteSpec advance = this.decay.bind(this.database.sql(this.advance))
			.bind("delta", delta)
			.bind("weight", weight)
			.bind("article", articleId)
			.bind("kind", kind)
			.bind("comment", commentId)
			.bind("data", this.json.writeValueAsString(payload));
		return advance.map((row) -> row.get("seq", Long.class)).one();
	}

	private static Parameter parameter(@Nullable Long value) {
		return Parameter.fromOrEmpty(value, Long.class);
	}

	private static Stored toStored(Readable row) {
		Comment comment = new Comment(row.get("id", Long.class), row.get("slug", String.class),
				row.get("parent_id", Long.class), row.get("author_name", String.class), row.get("body", String.class),
				row.get("created_at", Instant.class), row.get("status", String.class));
		return new Stored(comment, row.get("email", String.class), row.get("article_id", Long.class));
	}

	/**
	 * A stored comment with what only moderators may see.
	 */
	record Stored(Comment comment, String email, long articleId) {
	}

	private record Changed(Stored stored, @Nullable String previous) {
	}

	private record Deleted(long articleId, String previous) {
	}

	/**
	 * One comment event as streams send it.
	 *
	 * @param seq the story's sequence number, the event id
	 * @param kind {@code comment} or {@code comment-removed}
	 * @param data the JSON payload
	 */
	public record CommentEvent(long seq, String kind, String data) {
	}

}
