package io.readerpulse.comment;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A comment as the public sees it: never with the email.
 *
 * @param id the comment's id
 * @param articleSlug the story
 * @param parentId the comment this one replies to, if any
 * @param authorName the name the author gave
 * @param body the text, exactly as sent (to be rendered as text, never as HTML)
 * @param createdAt when it was posted
 * @param status where it stands
 */
record Comment(long id, String articleSlug, @Nullable Long parentId, String authorName, String body,
		Instant createdAt, CommentStatus status) {
}
