package io.readerpulse.comment;

/**
 * Where a comment stands; only published comments are public.
 */
enum CommentStatus {

	/** Shown on the story. */
	PUBLISHED,

	/** Held for a moderator. */
	PENDING,

	/** Refused by a moderator. */
	REJECTED

}
