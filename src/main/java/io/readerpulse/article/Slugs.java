package io.readerpulse.article;

import io.readerpulse.web.InvalidRequestException;

/**
 * The rule for article addresses, checked at the edge so that a bad slug is a 400 rather than a miss.
 */
public final class Slugs {

	private static final int MAX_LENGTH = 120;

	private Slugs() {
	}

	/**
	 * Whether a string is a well-formed slug.
	 * @param slug the string
	 * @return whether it is {@code [a-z0-9-]{1,120}}
	 */
	public static boolean isValid(String slug) {
		// A loop, not a pattern: every beacon checks its slug.
		int length = slug.length();
		if (length == 0 || length > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = slug.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Checks a slug taken from a request.
	 * @param slug the slug
	 * @return the same slug
	 * @throws InvalidRequestException if it is not {@code [a-z0-9-]{1,120}}
	 */
	public static String requireValid(String slug) {
		if (!isValid(slug)) {
			throw new InvalidRequestException("slug", "must be 1 to 120 lower-case letters, digits or dashes");
		}
		return slug;
	}

}
