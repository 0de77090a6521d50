package io.readerpulse.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Tells the other instances of the stories this one created, and this one of theirs. Each instance keeps a
 * filter of the slugs that exist, so that made-up slugs cost no query; a story it has not heard of is looked
 * up only as often as that filter allows, so without this news a story published or imported on one
 * instance could be answered 404 on the others until their next rebuild of the filter.
 */
@Component
public final class StoryNews {

	/**
	 * Slugs per notice: at 120 characters each, well within PostgreSQL's 8,000-byte notification payload.
	 */
	static final int SLUGS_PER_NOTICE = 50;

	private final ClusterOutbox outbox;

	StoryNews(ClusterOutbox outbox) {
		this.outbox = outbox;
	}

	/**
	 * Tells the other instances, in one round trip; news that does not get through is not sent again (their
	 * filters' lookups and rebuilds still find the stories).
	 * @param slugs the slugs of stories this instance created
	 */
	public void created(Collection<String> slugs) {
		List<String> all = List.copyOf(slugs);
		List<ClusterNotice> notices = new ArrayList<>();
		for (int from = 0; from < all.size(); from += SLUGS_PER_NOTICE) {
			notices.add(new ClusterNotice.StoriesCreated(all.subList(from, Math.min(all.size(), from + SLUGS_PER_NOTICE))));
		}
		if (!notices.isEmpty()) {
			this.outbox.sendNow(notices);
		}
	}

	/**
	 * Hears of the stories the other instances created.
	 */
	public interface Listener {

		/**
		 * Called on the thread that hears the other instances, so it must not block.
		 * @param slugs the slugs of stories another instance created
		 */
		void storiesCreatedElsewhere(List<String> slugs);

	}

}
