package io.readerpulse.view;

import io.readerpulse.live.LiveChanges;

/**
 * Of a story's pending views, those the open streams were told of under their latest mark (see
 * {@link LiveChanges#viewCounted}): the totals of their write must say so, or the streams would show them
 * twice. Views told under an older mark went to streams that have closed since, which need to hear nothing.
 * Not thread-safe: guarded like the {@link ViewDelta} it belongs to.
 */
final class LiveViews {

	private long mark;

	private long views;

	/**
	 * Counts one view.
	 * @param mark the mark of the streams told of it, or {@code 0} if nobody had the story open
	 */
	void add(long mark) {
		if (mark == 0 || mark < this.mark) {
			return;
		}
		if (mark > this.mark) {
			this.mark = mark;
			this.views = 0;
		}
		this.views++;
	}

	void addAll(LiveViews other) {
		if (other.mark > this.mark) {
			this.mark = other.mark;
			this.views = other.views;
		}
		else if (other.mark == this.mark) {
			this.views += other.views;
		}
	}

	LiveChanges.Announced announced() {
		return (this.views > 0) ? new LiveChanges.Announced(this.mark, this.views) : LiveChanges.Announced.NONE;
	}

}
