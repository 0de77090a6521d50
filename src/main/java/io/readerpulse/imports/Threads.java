package io.readerpulse.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Threading of comments some of which are not imported: a reply keeps its place under the nearest ancestor
 * that is, else it moves to the top.
 */
final class Threads {

	private Threads() {
	}

	/**
	 * The nearest kept ancestor, starting with the parent itself.
	 * @param parentId the parent's id, empty for none
	 * @param byId every comment by id
	 * @param parentOf the parent id of a comment, empty for none
	 * @param kept whether a comment is imported
	 * @return the ancestor's id, or {@code null} for the top (also for a parent that is missing, or a cycle)
	 */
	static <T> @Nullable String nearestKept(String parentId, Map<String, T> byId, Function<T, String> parentOf,
			Predicate<T> kept) {
		Set<String> seen = new HashSet<>();
		String id = parentId;
		while (!id.isEmpty() && seen.add(id)) {
			T parent = byId.get(id);
			if (parent == null) {
				return null;
			}
			if (kept.test(parent)) {
				return id;
			}
			id = parentOf.apply(parent);
		}
		return null;
	}

	/**
	 * Comments oldest first, but never one before its parent (the clocks of old systems were not always right).
	 * @param comments the comments, their parents among them or not imported
	 * @return a new list in that order
	 */
	static List<ImportedComment> parentsFirst(Collection<ImportedComment> comments) {
		List<ImportedComment> ordered = new ArrayList<>(comments);
		Map<String, ImportedComment> byKey = new HashMap<>();
		ordered.forEach((comment) -> byKey.put(comment.key(), comment));
		Map<String, Instant> after = new HashMap<>();
		ordered.sort(Comparator.comparing((ImportedComment comment) -> notBefore(comment, byKey, after)));
		return ordered;
	}

	private static Instant notBefore(ImportedComment comment, Map<String, ImportedComment> byKey, Map<String, Instant> known) {
		Instant cached = known.get(comment.key());
		if (cached != null) {
			return cached;
		}
		// The chain up to the top, then the times down it, without recursion (threads can be deep).
		List<ImportedComment> chain = new ArrayList<>();
		ImportedComment at = comment;
		while (at != null && !known.containsKey(at.key()) && chain.size() <= byKey.size()) {
			chain.add(at);
			at = (at.parentKey() != null) ? byKey.get(at.parentKey()) : null;
		}
		Instant floor = (at != null) ? known.get(at.key()) : Instant.MIN;
		if (floor == null) {
			floor = Instant.MIN;
		}
		for (int i = chain.size() - 1; i >= 0; i--) {
			ImportedComment link = chain.get(i);
			floor = link.createdAt().isAfter(floor) ? link.createdAt() : floor;
			known.put(link.key(), floor);
		}
		return floor;
	}

}
