package io.readerpulse.imports;

import java.util.HashSet;
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

}
