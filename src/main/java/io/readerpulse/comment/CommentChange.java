package io.readerpulse.comment;

import io.readerpulse.live.LiveChanges;

/**
 * A published or removed comment's effect on its story.
 *
 * @param articleId the story
 * @param seq the story's new last comment event number
 * @param comments the story's published comments after the change
 */
record CommentChange(long articleId, long seq, long comments) {

	/**
	 * Tells the story's open pages, after the commit, on every instance.
	 * @param live where live changes go
	 */
	void announce(LiveChanges live) {
		live.commentsChanged(this.articleId, this.seq, this.comments);
	}

}
