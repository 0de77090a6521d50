package io.readerpulse.live;

/**
 * One comment event as streams send it.
 *
 * @param seq the story's sequence number, the event id; 0 for the {@code reset} sent to a reader that cannot
 * resume (a stored {@code reset}, written by an import, has its number like any other event)
 * @param kind {@code comment}, {@code comment-removed} or {@code reset}
 * @param data the JSON payload
 */
public record CommentEvent(long seq, String kind, String data) {

	/** Tells a reader that its last event id cannot be resumed from: reload the comment list. */
	static final CommentEvent RESET = new CommentEvent(0, "reset", "{}");

	boolean replayable() {
		return this.seq > 0;
	}

}
