package io.readerpulse.article;

import java.util.regex.Pattern;

import io.readerpulse.web.InvalidRequestException;

/**
 * The rule for article addresses, checked at the edge so that a bad slug is a 400 rather than a miss.
 */
public final class Slugs {

	private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,120}");

	private Slugs() {
	}

	/**
	 * Whether a string is a well-formed slug.
	 * @param slug the string
	 * @return whether it is {@code [a-z0-9-]{1,120}}
	 */
	public static boolean isValid(String slug) {
		return SLUG.matcher(slug).matches();
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
