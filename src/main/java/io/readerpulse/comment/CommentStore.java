package io.readerpulse.comment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * next sequence number), the published count and the trending weight commit together: a stream that
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

	private final String insertPublished;

	private final String publishedEvent;

	private final String removedEvent;

	CommentStore(DatabaseClient database, TransactionalOperator transactions, JsonMapper json, DecayCounters decay,
			TrendingProperties trending) {
		this.database = database;
		this.transactions = transactions;
		this.json = json;
		this.decay = decay;
		this.weight = trending.commentWeight();
		// The row lock on the story's stats orders its events: sequence numbers are gap-free and commit in
		// order. A batch of published comments, their events, the count and the trending weight are one
		// statement: one round trip and one update of the story's row for the whole batch. Ids are drawn in
		// arrival order, so ids, event numbers and arrival agree.
		this.insertPublished = """
				with %s,
				     numbered as (select nextval(pg_get_serial_sequence('comment', 'id')) as id, i.*
				                  from unnest(:parents::bigint[], :names::text[], :emails::text[], :bodies::text[])
				                       with ordinality as i(parent_id, author_name, email, body, n)),
				     c as (insert into comment (id, article_id, parent_id, author_name, email, body, status)
				           overriding system value
				           select id, :article, parent_id, author_name, email, body, 'PUBLISHED' from numbered
				           returning *),
				     p as (select c.*, a.slug, numbered.n from c join article a on a.id = c.article_id
				           join numbered on numbered.id = c.id),
				     %s,
				     e as (insert into comment_event (article_id, seq, kind, comment_id, data)
				           select :article, advanced.event_seq - :count + p.n, 'comment', p.id, %s from advanced, p)
				select p.id, p.article_id, p.slug, p.parent_id, p.author_name, p.email, p.body, p.created_at, p.status,
				       advanced.event_seq - :count + p.n as event_seq, advanced.comments - :count + p.n as comments
				from p, advanced order by p.n""".formatted(DecayCounters.LANDMARK, advance(decay, ":count", ":count", ":weight"),
				payload("p.slug"));
		this.publishedEvent = event(decay, "1", ":weight", "'comment'", """
				(select %s from comment p join article a on a.id = p.article_id where p.id = :comment)"""
			.formatted(payload("a.slug")));
		this.removedEvent = event(decay, "-1", ":weight", "'comment-removed'", ":data");
	}

	/**
	 * A published comment's event payload, built by the database from the stored row {@code p} (without the
	 * email: {@code comment_json} has no such parameter), so that it is written in the same statement.
	 */
	private static String payload(String slug) {
		return "comment_json(p.id, " + slug + ", p.parent_id, p.author_name, p.body, p.created_at, p.status)";
	}

	private static String advance(DecayCounters decay, String events, String delta, String weight) {
		return "advanced as (update article_stats s set event_seq = s.event_seq + " + events
				+ ", comments = s.comments + " + delta + ", " + decay.increments("s", weight)
				+ " from landmark where s.article_id = :article returning s.event_seq, s.comments)";
	}

	private static String event(DecayCounters decay, String delta, String weight, String kind, String data) {
		return "with " + DecayCounters.LANDMARK + ", " + advance(decay, "1", delta, weight) + ", "
				+ "e as (insert into comment_event (article_id, seq, kind, comment_id, data) "
				+ "select :article, advanced.event_seq, " + kind + ", :comment, " + data + " from advanced returning seq) "
				+ "select e.seq, advanced.comments from e, advanced";
	}

	/**
	 * Stores a comment held for moderation.
	 * @return the comment
	 */
	Mono<Stored> insertHeld(long articleId, PostCommentRequest request) {
		return this.database.sql("""
				with c as (insert into comment (article_id, parent_id, author_name, email, body, status)
				           values (:article, :parent, :name, :email, :body, 'PENDING') returning *)
				select %s from c join article a on a.id = c.article_id""".formatted(COLUMNS))
			.bind("article", articleId)
			.bind("parent", parameter(request.parentId()))
			.bind("name", request.name())
			.bind("email", request.email())
			.bind("body", request.body())
			.map(CommentStore::toStored)
			.one();
	}

	/**
	 * Publishes new comments on one story, with their events, in one statement.
	 * @param articleId the story
	 * @param requests the comments, in arrival order
	 * @return the stored comments with their changes to the story, in the same order
	 */
	Flux<Written> insertPublished(long articleId, List<PostCommentRequest> requests) {
		int count = requests.size();
		return this.decay.bind(this.database.sql(this.insertPublished))
			.bind("article", articleId)
			.bind("parents", requests.stream().map(PostCommentRequest::parentId).toArray(Long[]::new))
			.bind("names", requests.stream().map(PostCommentRequest::name).toArray(String[]::new))
			.bind("emails", requests.stream().map(PostCommentRequest::email).toArray(String[]::new))
			.bind("bodies", requests.stream().map(PostCommentRequest::body).toArray(String[]::new))
			.bind("count", count)
			.bind("weight", this.weight * count)
			.map((row) -> new Written(toStored(row),
					new Change(articleId, number(row, "event_seq"), number(row, "comments"))))
			.all();
	}

	/**
	 * Publishes a held or rejected comment.
	 * @return the comment, and the change to its story if it was not published yet; empty if there is no such
	 * comment
	 */
	Mono<Written> approve(long commentId) {
		return changeStatus(commentId, "PUBLISHED").flatMap((changed) -> {
			Stored stored = changed.stored();
			if ("PUBLISHED".equals(changed.previous())) {
				return Mono.just(new Written(stored, null));
			}
			return event(this.publishedEvent, stored.articleId(), commentId, this.weight, null)
				.map((change) -> new Written(stored, change));
		}).as(this.transactions::transactional);
	}

	/**
	 * Rejects a comment; a published one disappears from readers' pages.
	 * @return the comment, and the change to its story if it was published; empty if there is no such comment
	 */
	Mono<Written> reject(long commentId) {
		return changeStatus(commentId, "REJECTED").flatMap((changed) -> {
			Stored stored = changed.stored();
			if (!"PUBLISHED".equals(changed.previous())) {
				return Mono.just(new Written(stored, null));
			}
			return removed(stored.articleId(), commentId).map((change) -> new Written(stored, change));
		}).as(this.transactions::transactional);
	}

	/**
	 * Deletes a comment; a published one disappears from readers' pages.
	 * @return the change to its story (an empty optional if the comment was not published); empty if there
	 * was no such comment
	 */
	Mono<Optional<Change>> delete(long commentId) {
		return this.database.sql("""
				with old as (select id, article_id, status from comment where id = :id for update),
				     gone as (delete from comment c using old where c.id = old.id returning c.id)
				select old.article_id, old.status from old join gone on gone.id = old.id""")
			.bind("id", commentId)
			.map((row) -> new Deleted(row.get("article_id", Long.class), row.get("status", String.class)))
			.one()
			.flatMap((deleted) -> "PUBLISHED".equals(deleted.previous())
					? removed(deleted.articleId(), commentId).map(Optional::of) : Mono.just(Optional.<Change>empty()))
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

	private Mono<Change> removed(long articleId, long commentId) {
		return event(this.removedEvent, articleId, commentId, 0, this.json.writeValueAsString(Map.of("id", commentId)));
	}

	private Mono<Change> event(String statement, long articleId, long commentId, double weight, @Nullable String data) {
		GenericExecuteSpec event = this.decay.bind(this.database.sql(statement))
			.bind("article", articleId)
			.bind("comment", commentId)
			.bind("weight", weight);
		if (data != null) {
			event = event.bind("data", data);
		}
		return event.map((row) -> new Change(articleId, number(row, "seq"), number(row, "comments"))).one();
	}

	private static long number(Readable row, String column) {
		Long value = row.get(column, Long.class);
		return (value != null) ? value : 0;
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

	/**
	 * A comment as stored, and its effect on the story if it was published or removed.
	 */
	record Written(Stored stored, @Nullable Change change) {
	}

	/**
	 * A published or removed comment's effect on its story.
	 *
	 * @param articleId the story
	 * @param seq the story's new last comment event number
	 * @param comments the story's published comments after the change
	 */
	public record Change(long articleId, long seq, long comments) {
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
