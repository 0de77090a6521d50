package io.readerpulse.audience;

import java.util.Locale;

/**
 * Where a view came from, by its referrer.
 */
public enum Source {

	/** No referrer: typed, bookmarked, or from an app or messenger that sends none. */
	DIRECT,

	/** A page of the site itself. */
	INTERNAL,

	/** A search engine. */
	SEARCH,

	/** A social network. */
	SOCIAL,

	/** Any other site. */
	OTHER;

	/** The name used on the wire and in the database. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
