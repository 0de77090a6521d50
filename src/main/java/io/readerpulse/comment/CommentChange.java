package io.readerpulse.comment;

import org.jspecify.annotations.Nullable;

import io.readerpulse.live.CommentEvent;
import io.readerpulse.live.LiveChanges;

/**
 * A published or removed comment's effect on its story.
 *
 * @param articleId the story
 * @param seq the story's new last comment event number
 * @param comments the story's published comments after the change
 * @param published the payload of the {@code comment} event committed with it, when the write returned it
 */
record CommentChange(long articleId, long seq, long comments, @Nullable String published) {

	CommentChange(long articleId, long seq, long comments) {
		this(articleId, seq, comments, null);
	}

	/**
	 * Tells the story's open pages, after the commit, on every instance.
	 * @param live where live changes go
	 */
	void announce(LiveChanges live) {
		if (this.published != null) {
			live.commentPublished(this.articleId, new CommentEvent(this.seq, "comment", this.published), this.comments);
		}
		else {
			live.commentsChanged(this.articleId, this.seq, this.comments);
		}
	}

}
