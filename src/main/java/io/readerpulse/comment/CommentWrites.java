package io.readerpulse.comment;

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
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Writing comments. Publishing or removing a comment, its event (with the story's next sequence number), the
 * published count and the trending weight commit together: a stream that resumes from the events sees
 * exactly what was acknowledged.
 */
@Component
final class CommentWrites {

	private static final String INSERT_HELD = """
			with c as (insert into comment (article_id, parent_id, author_name, email, body, status, sender)
			           values (:article, :parent, :name, :email, :body, 'PENDING', :sender) returning *)
			select c.id, c.article_id, a.slug, c.parent_id, c.author_name, c.email, c.body, c.created_at, c.status
			from c join article a on a.id = c.article_id""";

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final JsonMapper json;

	private final DecayCounters decay;

	private final double weight;

	CommentWrites(DatabaseClient database, TransactionalOperator transactions, JsonMapper json, DecayCounters decay,
			TrendingProperties trending) {
		this.database = database;
		this.transactions = transactions;
		this.json = json;
		this.decay = decay;
		this.weight = trending.commentWeight();
	}

	/**
	 * Stores a comment held for moderation.
	 * @return the comment
	 */
	Mono<StoredComment> insertHeld(long articleId, NewComment comment) {
		PostCommentRequest request = comment.request();
		return this.database.sql(INSERT_HELD)
			.bind("article", articleId)
			.bind("parent", Parameter.fromOrEmpty(request.parentId(), Long.class))
			.bind("name", request.name())
			.bind("email", request.email())
			.bind("body", request.body())
			.bind("sender", comment.sender())
			.map(StoredComment::of)
			.one();
	}

	/**
	 * Publishes new comments on one story, with their events, in one statement (see {@link CommentStatements}).
	 * @param articleId the story
	 * @param requests the comments, in arrival order
	 * @return the stored comments with their changes to the story, in the same order
	 */
	Flux<Written> insertPublished(long articleId, List<NewComment> comments) {
		List<PostCommentRequest> requests = comments.stream().map(NewComment::request).toList();
		int count = requests.size();
		return this.decay.bind(this.database.sql(CommentStatements.INSERT_PUBLISHED))
			.bind("article", articleId)
			.bind("parents", requests.stream().map(PostCommentRequest::parentId).toArray(Long[]::new))
			.bind("names", requests.stream().map(PostCommentRequest::name).toArray(String[]::new))
			.bind("emails", requests.stream().map(PostCommentRequest::email).toArray(String[]::new))
			.bind("bodies", requests.stream().map(PostCommentRequest::body).toArray(String[]::new))
			.bind("senders", comments.stream().map(NewComment::sender).toArray(Long[]::new))
			.bind("count", count)
			.bind("weight", this.weight * count)
			.map((row) -> new Written(StoredComment.of(row),
					new CommentChange(articleId, number(row, "event_seq"), number(row, "comments"),
							row.get("event_data", String.class))))
			.all();
	}

	/**
	 * Publishes a held or rejected comment.
	 * @return the comment, and the change to its story if it was not published yet; empty if there is no such
	 * comment
	 */
	Mono<Written> approve(long commentId) {
		return changeStatus(commentId, CommentStatus.PUBLISHED).flatMap((changed) -> {
			if (changed.previous() == CommentStatus.PUBLISHED) {
				return Mono.just(new Written(changed.stored(), null));
			}
			return event(changed.stored().articleId(), commentId, true).map((change) -> new Written(changed.stored(), change));
		}).as(this.transactions::transactional);
	}

	/**
	 * Rejects a comment; a published one disappears from readers' pages.
	 * @return the comment, and the change to its story if it was published; empty if there is no such comment
	 */
	Mono<Written> reject(long commentId) {
		return changeStatus(commentId, CommentStatus.REJECTED).flatMap((changed) -> {
			if (changed.previous() != CommentStatus.PUBLISHED) {
				return Mono.just(new Written(changed.stored(), null));
			}
			return event(changed.stored().articleId(), commentId, false).map((change) -> new Written(changed.stored(), change));
		}).as(this.transactions::transactional);
	}

	/**
	 * Deletes a comment; a published one disappears from readers' pages.
	 * @return the change to its story (an empty optional if the comment was not published); empty if there
	 * was no such comment
	 */
	Mono<Optional<CommentChange>> delete(long commentId) {
		return this.database.sql(CommentStatements.DELETE)
			.bind("id", commentId)
			.map((row) -> new Deleted(row.get("article_id", Long.class), CommentStatus.valueOf(row.get("status", String.class))))
			.one()
			.flatMap((deleted) -> (deleted.previous() == CommentStatus.PUBLISHED)
					? event(deleted.articleId(), commentId, false).map(Optional::of) : Mono.just(Optional.<CommentChange>empty()))
			.as(this.transactions::transactional);
	}

	private Mono<Changed> changeStatus(long commentId, CommentStatus status) {
		return this.database.sql(CommentStatements.CHANGE_STATUS)
			.bind("id", commentId)
			.bind("status", status.name())
			.map((row) -> new Changed(StoredComment.of(row), CommentStatus.valueOf(row.get("previous", String.class))))
			.one();
	}

	/**
	 * Writes the event of a comment that was published, or removed from the story.
	 */
	private Mono<CommentChange> event(long articleId, long commentId, boolean published) {
		return this.decay.bind(this.database.sql(CommentStatements.EVENT))
			.bind("article", articleId)
			.bind("comment", commentId)
			.bind("kind", published ? "comment" : "comment-removed")
			.bind("delta", published ? 1 : -1)
			.bind("weight", published ? this.weight : 0)
			// A published comment's payload is built by the database from the stored row; a removal names the id.
			.bind("data", Parameter.fromOrEmpty(published ? null : this.json.writeValueAsString(Map.of("id", commentId)),
					String.class))
			.map((row) -> new CommentChange(articleId, number(row, "seq"), number(row, "comments")))
			.one();
	}

	private static long number(Readable row, String column) {
		Long value = row.get(column, Long.class);
		return (value != null) ? value : 0;
	}

	/**
	 * A comment as stored, and its effect on the story if it was published or removed.
	 */
	record Written(StoredComment stored, @Nullable CommentChange change) {
	}

	/**
	 * A comment whose status changed, with its status before.
	 */
	private record Changed(StoredComment stored, CommentStatus previous) {
	}

	/**
	 * A deleted comment's story and its status before.
	 */
	private record Deleted(long articleId, CommentStatus previous) {
	}

}
