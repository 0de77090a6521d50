package io.readerpulse.comment;

/**
 * A comment on its way in: what the reader sent, and who sent it.
 *
 * @param request what the reader sent
 * @param sender a daily-salted fingerprint of the sender's address (see {@code VisitorFingerprints})
 */
record NewComment(PostCommentRequest request, long sender) {
}
