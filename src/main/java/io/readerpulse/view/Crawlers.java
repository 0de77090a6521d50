package io.readerpulse.view;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import ua_parser.Parser;

import org.springframework.stereotype.Component;

/**
 * Tells crawlers, bots and scripts from readers by their User-Agent, using uap-core's maintained patterns
 * (the device family {@code Spider}). A request without a User-Agent is not a browser either. Verdicts
 * are cached per User-Agent string: a site sees a few thousand distinct ones, not one per request.
 */
@Component
final class Crawlers {

	private static final String SPIDER = "Spider";

	// uap-core's patterns are bounded to this many characters; longer strings are cut the same way.
	private static final int MAX_LENGTH = 512;

	private final Parser parser = new Parser();

	private final Cache<String, Boolean> verdicts = Caffeine.newBuilder().maximumSize(20_000).build();

	boolean isCrawler(@Nullable String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return true;
		}
		String key = (userAgent.length() > MAX_LENGTH) ? userAgent.substring(0, MAX_LENGTH) : userAgent;
		return this.verdicts.get(key, (ua) -> SPIDER.equals(this.parser.parseDevice(ua).family));
	}

}
