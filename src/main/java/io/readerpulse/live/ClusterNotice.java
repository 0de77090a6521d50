package io.readerpulse.live;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What one instance tells the others through PostgreSQL {@code NOTIFY}: that something changed, never the
 * content itself (comment events are read from the database by each instance).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = ClusterNotice.CommentsChanged.class, name = "comments"),
		@JsonSubTypes.Type(value = ClusterNotice.ViewsChanged.class, name = "views"),
		@JsonSubTypes.Type(value = ClusterNotice.ReactionsChanged.class, name = "reactions"),
		@JsonSubTypes.Type(value = ClusterNotice.Readers.class, name = "readers"),
		@JsonSubTypes.Type(value = ClusterNotice.StoriesCreated.class, name = "stories") })
sealed interface ClusterNotice {

	/**
	 * Whether this notice makes a waiting one about the same thing unnecessary.
	 * @param waiting a notice not sent yet
	 * @return {@code true} if only this one needs sending
	 */
	default boolean supersedes(ClusterNotice waiting) {
		return true;
	}

	/** A story's comments changed, as of its comment event {@code seq}. */
	record CommentsChanged(long articleId, long seq, long comments) implements ClusterNotice {

		@Override
		public boolean supersedes(ClusterNotice waiting) {
			return !(waiting instanceof CommentsChanged other) || this.seq > other.seq;
		}

	}

	/** A story's new view totals. */
	record ViewsChanged(long articleId, long views, long uniqueVisitors) implements ClusterNotice {

		@Override
		public boolean supersedes(ClusterNotice waiting) {
			// Totals only grow: of two, the larger is the newer.
			return !(waiting instanceof ViewsChanged other) || this.views > other.views;
		}

	}

	/** A story's new reaction counts. */
	record ReactionsChanged(long articleId, Stats.Reactions reactions) implements ClusterNotice {
	}

	/**
	 * The sender's readers per story; a snapshot too large for one notification continues in the next.
	 *
	 * @param readers open streams per article id
	 * @param engaged engaged readers (pings within 30 s) per article id; empty from instances that predate it
	 * @param continued whether this adds to the sender's previous notice instead of replacing it
	 */
	record Readers(Map<Long, Long> readers, Map<Long, Long> engaged, boolean continued) implements ClusterNotice {

		public Readers {
			// Absent from the JSON of an instance that predates engaged readers (a rolling upgrade).
			if (engaged == null) {
				engaged = Map.of();
			}
		}

	}

	/**
	 * Stories the sender created, by slug, so that the others' slug filters know them at once; at most
	 * {@link StoryNews#SLUGS_PER_NOTICE} in one notice.
	 */
	record StoriesCreated(List<String> slugs) implements ClusterNotice {

		public StoriesCreated {
			// A notice is heard on the listening connection's thread: nothing in it may throw there.
			slugs = (slugs != null) ? slugs.stream().filter(Objects::nonNull).toList() : List.of();
		}

	}

	/**
	 * A notice with the instance that sent it.
	 *
	 * @param from the sending instance
	 * @param notice what it says
	 */
	record Envelope(String from, ClusterNotice notice) {
	}

}
