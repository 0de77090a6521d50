package io.readerpulse.comment;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

import io.readerpulse.web.InvalidRequestException;
import io.readerpulse.web.Page;

/**
 * Keyset cursors for comment lists, which run in id order: the last id seen, opaque to clients.
 */
final class CommentCursor {

	private CommentCursor() {
	}

	static long decode(@Nullable String cursor) {
		if (cursor == null) {
			return 0;
		}
		try {
			return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("cursor", "is not a cursor this API returned");
		}
	}

	/**
	 * A page from one item more than the limit: the extra item only says that another page follows.
	 */
	static <T> Page<T> page(List<T> items, int limit, ToLongFunction<T> id) {
		boolean more = items.size() > limit;
		List<T> shown = more ? items.subList(0, limit) : items;
		String next = more ? Base64.getUrlEncoder().withoutPadding()
			.encodeToString(Long.toString(id.applyAsLong(shown.get(shown.size() - 1))).getBytes(StandardCharsets.UTF_8))
				: null;
		return new Page<>(shown, next);
	}

}
