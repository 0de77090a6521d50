package io.readerpulse.comment;

import java.time.Instant;

import io.r2dbc.spi.Readable;

/**
 * A stored comment with what only moderators may see.
 *
 * @param comment the comment as the public sees it
 * @param email its author's email
 * @param articleId its story
 */
record StoredComment(Comment comment, String email, long articleId) {

	/**
	 * Reads a comment from a row with the columns {@code id, article_id, slug, parent_id, author_name, email,
	 * body, created_at, status}.
	 * @param row the row
	 * @return the comment
	 */
	static StoredComment of(Readable row) {
		Comment comment = new Comment(row.get("id", Long.class), row.get("slug", String.class),
				row.get("parent_id", Long.class), row.get("author_name", String.class), row.get("body", String.class),
				row.get("created_at", Instant.class), CommentStatus.valueOf(row.get("status", String.class)));
		return new StoredComment(comment, row.get("email", String.class), row.get("article_id", Long.class));
	}

}
