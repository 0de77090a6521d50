package io.readerpulse.audience;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reduces a beacon's referrer to its host and the view's {@link Source}: no referrer is direct; the site's
 * own hosts ({@code PULSE_SITE_HOSTS}, else the story's url host) are internal; then the maintained list of
 * search engines and social networks; anything else is other. Paths and queries are dropped here, before
 * anything is counted, so they can reach neither memory nor the database.
 */
@Component
public final class ReferrerClassifier {

	// What a DNS name may contain once lower-cased (IDNs arrive in their ASCII form from browsers).
	private static final Pattern HOST = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");

	private static final int MAX_HOST_LENGTH = 253;

	private final ReferrerList list;

	private final List<String> siteHosts;

	// A site sees a few thousand distinct referring hosts, not one per view.
	private final Cache<String, Source> verdicts = Caffeine.newBuilder().maximumSize(20_000).build();

	@Autowired
	ReferrerClassifier(AudienceProperties properties, JsonMapper json) {
		this(load(properties, json), properties.siteHosts());
	}

	ReferrerClassifier(ReferrerList list, List<String> siteHosts) {
		this.list = list;
		this.siteHosts = siteHosts.stream().map(ReferrerClassifier::withoutWww).toList();
	}

	private static ReferrerList load(AudienceProperties properties, JsonMapper json) {
		try (InputStream in = properties.referrers().getInputStream()) {
			return ReferrerList.read(in, json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The referrer list " + properties.referrers() + " cannot be read", ex);
		}
	}

	/**
	 * Classifies a referrer.
	 * @param referrer the page's {@code document.referrer}, as the beacon sent it
	 * @param storyHost the host of the story's own url, used when no site hosts are configured
	 * @return its source, and its host unless the view is direct or internal
	 */
	public Referral classify(@Nullable String referrer, @Nullable String storyHost) {
		if (referrer == null || referrer.isBlank()) {
			return Referral.DIRECT;
		}
		String host = hostOf(referrer.strip());
		if (host == null) {
			return Referral.UNKNOWN;
		}
		if (isInternal(host, storyHost)) {
			return Referral.INTERNAL;
		}
		Source source = this.verdicts.get(host, (key) -> {
			Source listed = this.list.sourceOf(key);
			return (listed != null) ? listed : Source.OTHER;
		});
		return new Referral(source, host);
	}

	/**
	 * The host of a URL, lower case and without a trailing dot.
	 * @param url a URL or anything else
	 * @return the host, or {@code null} if it names none a DNS name could be
	 */
	public static @Nullable String hostOf(@Nullable String url) {
		if (url == null) {
			return null;
		}
		try {
			String host = new URI(url).getHost();
			if (host == null) {
				return null;
			}
			host = host.toLowerCase(Locale.ROOT);
			if (host.endsWith(".")) {
				host = host.substring(0, host.length() - 1);
			}
			return (host.length() <= MAX_HOST_LENGTH && HOST.matcher(host).matches()) ? host : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private boolean isInternal(String host, @Nullable String storyHost) {
		String bare = withoutWww(host);
		if (this.siteHosts.isEmpty()) {
			return storyHost != null && sameSite(bare, withoutWww(storyHost));
		}
		for (String site : this.siteHosts) {
			if (sameSite(bare, site)) {
				return true;
			}
		}
		return false;
	}

	// A subdomain of the site is the site too (m.news.example.com for news.example.com).
	private static boolean sameSite(String host, String site) {
		return host.equals(site) || host.endsWith("." + site);
	}

	private static String withoutWww(String host) {
		String lower = host.toLowerCase(Locale.ROOT);
		return lower.startsWith("www.") ? lower.substring(4) : lower;
	}

	int listedHosts() {
		return this.list.size();
	}

}
