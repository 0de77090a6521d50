package io.readerpulse.audience;

import org.jspecify.annotations.Nullable;

/**
 * What is kept of a view's referrer: its source and its host, never its path or query.
 *
 * @param source where the view came from
 * @param host the referring host, lower case; {@code null} for direct and internal views and for referrers
 * that name no host
 */
public record Referral(Source source, @Nullable String host) {

	/** A view with no referrer. */
	public static final Referral DIRECT = new Referral(Source.DIRECT, null);

	/** A view from the site itself. */
	public static final Referral INTERNAL = new Referral(Source.INTERNAL, null);

	/** A referrer that is not a URL with a host. */
	public static final Referral UNKNOWN = new Referral(Source.OTHER, null);

}
