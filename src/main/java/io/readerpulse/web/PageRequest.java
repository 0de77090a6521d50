package io.readerpulse.web;

import org.jspecify.annotations.Nullable;

/**
 * The {@code limit} and {@code cursor} query parameters every list accepts.
 *
 * @param limit how many items to return, 1..100
 * @param cursor where to continue, as returned in {@code nextCursor}, or {@code null} for the first page
 */
public record PageRequest(int limit, @Nullable String cursor) {

	/** Items per page when the client does not say. */
	public static final int DEFAULT_LIMIT = 20;

	/** The largest page a client may ask for. */
	public static final int MAX_LIMIT = 100;

	/**
	 * Checks the parameters as a client sent them.
	 * @param limit the requested page size, or {@code null} for the default
	 * @param cursor the cursor, or {@code null} (blank counts as absent)
	 * @return the checked request
	 * @throws InvalidRequestException if the limit is out of range
	 */
	public static PageRequest of(@Nullable Integer limit, @Nullable String cursor) {
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (size < 1 || size > MAX_LIMIT) {
			throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return new PageRequest(size, (cursor == null || cursor.isBlank()) ? null : cursor);
	}

}
