package io.readerpulse.comment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
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

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final JsonMapper json;

	private final DecayCounters decay;

	private final double weight;

	private final double duplicateWindowSeconds;

	CommentWrites(DatabaseClient database, TransactionalOperator transactions, JsonMapper json, DecayCounters decay,
			TrendingProperties trending, CommentProperties comments) {
		this.database = database;
		this.transactions = transactions;
		this.json = json;
		this.decay = decay;
		this.weight = trending.commentWeight();
		this.duplicateWindowSeconds = comments.duplicateWindow().toMillis() / 1000.0;
	}

	/**
	 * Stores a comment held for moderation, unless it is a duplicate (see {@link CommentStatements}).
	 * @return the comment; empty for a duplicate, which is not stored
	 */
	Mono<StoredComment> insertHeld(long articleId, NewComment comment) {
		return CommentStatements.withComment(this.database.sql(CommentStatements.INSERT_HELD), comment)
			.bind("article", articleId)
			.bind("window", this.duplicateWindowSeconds)
			.map(StoredComment::of)
			.one();
	}

	/**
	 * Publishes new comments on one story, with their events, in one statement (see {@link CommentStatements}).
	 * A repeat within the batch (a double click whose two requests wait for the same write) is not sent.
	 * @param articleId the story
	 * @param comments the comments, in arrival order
	 * @return for each comment in the same order, the stored comment with its change to the story, or empty
	 * for a duplicate, which is not stored
	 */
	Mono<List<Optional<Written>>> insertPublished(long articleId, List<NewComment> comments) {
		Set<Repeat> seen = new HashSet<>();
		List<Integer> sent = new ArrayList<>();
		for (int i = 0; i < comments.size(); i++) {
			if (seen.add(new Repeat(comments.get(i).sender(), comments.get(i).request().body()))) {
				sent.add(i);
			}
		}
		return this.decay.bind(CommentStatements.publish(this.database, sent.stream().map(comments::get).toList()))
			.bind("article", articleId)
			.bind("window", this.duplicateWindowSeconds)
			.bind("weight", this.weight)
			// n counts the comments sent, from 1; a duplicate has no row.
			.map((row) -> Map.entry(sent.get((int) number(row, "n") - 1), published(articleId, row)))
			.all()
			.collectList()
			.map((rows) -> {
				List<Optional<Written>> outcomes = new ArrayList<>(Collections.nCopies(comments.size(), Optional.empty()));
				rows.forEach((row) -> outcomes.set(row.getKey(), Optional.of(row.getValue())));
				return outcomes;
			});
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

	private static Written published(long articleId, Readable row) {
		String event = row.get("event_data", String.class);
		if (event == null) {
			// Only a story without its stats row (every story has one from its creation) leaves no event.
			throw new IllegalStateException("No event was written for a comment on story " + articleId);
		}
		return new Written(StoredComment.of(row),
				new CommentChange(articleId, number(row, "event_seq"), number(row, "comments"), event));
	}

	private static long number(Readable row, String column) {
		Long value = row.get(column, Long.class);
		return (value != null) ? value : 0;
	}

	/**
	 * What makes a comment a repeat of another.
	 */
	private record Repeat(long sender, String body) {
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
