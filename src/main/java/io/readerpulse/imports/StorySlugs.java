package io.readerpulse.imports;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The slug a story of an export gets: the one it had where it was published when that fits this service's
 * rule, else the closest that does. A slug that already fits is kept as it is, so existing stories match.
 */
final class StorySlugs {

	private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private StorySlugs() {
	}

	/**
	 * The last path segment of an address, without query, fragment or trailing slash, as a slug: so the
	 * http and https addresses of one page, with or without a query, name one story.
	 * @param link the address
	 * @return the slug, or {@code null} if the path has no segment
	 */
	static @Nullable String ofLink(String link) {
		String path = link.strip();
		int cut = indexOfAny(path, '?', '#');
		if (cut >= 0) {
			path = path.substring(0, cut);
		}
		int scheme = path.indexOf("://");
		if (scheme >= 0) {
			int slash = path.indexOf('/', scheme + 3);
			path = (slash >= 0) ? path.substring(slash) : "";
		}
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return of(path.substring(path.lastIndexOf('/') + 1));
	}

	/**
	 * A name as a slug.
	 * @param name a post name, possibly percent-encoded or accented
	 * @return the slug, or {@code null} if nothing of it is left
	 */
	static @Nullable String of(String name) {
		String decoded;
		try {
			decoded = URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			decoded = name;
		}
		String plain = MARKS.matcher(Normalizer.normalize(decoded, Normalizer.Form.NFKD)).replaceAll("");
		String slug = NOT_SLUG.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("-");
		slug = trimDashes(slug.length() > 120 ? slug.substring(0, 120) : slug);
		return slug.isEmpty() ? null : slug;
	}

	private static String trimDashes(String slug) {
		int start = 0;
		int end = slug.length();
		while (start < end && slug.charAt(start) == '-') {
			start++;
		}
		while (end > start && slug.charAt(end - 1) == '-') {
			end--;
		}
		return slug.substring(start, end);
	}

	private static int indexOfAny(String text, char first, char second) {
		int a = text.indexOf(first);
		int b = text.indexOf(second);
		return (a < 0) ? b : (b < 0) ? a : Math.min(a, b);
	}

}
