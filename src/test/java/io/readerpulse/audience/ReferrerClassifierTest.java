package io.readerpulse.audience;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Referrers reduced to a source and a host, with the bundled list.
 */
class ReferrerClassifierTest {

	private static final ReferrerClassifier BY_STORY_HOST = classifier(List.of());

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", value = {
			"https://www.google.com/search?q=kim+putin            | SEARCH | www.google.com",
			"https://www.google.co.uk/                             | SEARCH | www.google.co.uk",
			"https://duckduckgo.com/?q=x                           | SEARCH | duckduckgo.com",
			"https://www.bing.com/search?q=x                       | SEARCH | www.bing.com",
			"https://l.facebook.com/l.php?u=https%3A%2F%2Fx        | SOCIAL | l.facebook.com",
			"https://m.facebook.com/story.php                      | SOCIAL | m.facebook.com",
			"https://t.co/AbC123                                   | SOCIAL | t.co",
			"https://www.reddit.com/r/videos/comments/1/x/         | SOCIAL | www.reddit.com",
			"https://old.reddit.com/r/news                         | SOCIAL | old.reddit.com",
			"https://WWW.LinkedIn.COM/feed/                        | SOCIAL | www.linkedin.com",
			"https://blog.example.org/2026/12/post?id=9#comments   | OTHER  | blog.example.org",
			"https://mail.google.com/mail/u/0/                     | OTHER  | mail.google.com",
			"http://example.net.:8080/path                         | OTHER  | example.net",
			"not a url                                             | OTHER  | null",
			"https://                                              | OTHER  | null",
			"javascript:alert(1)                                   | OTHER  | null" })
	void aReferrerIsItsSourceAndItsHostOnly(String referrer, Source source, String host) {
		assertThat(BY_STORY_HOST.classify(referrer, "news.example.com")).isEqualTo(new Referral(source, host));
	}

	@Test
	void noReferrerIsDirect() {
		assertThat(BY_STORY_HOST.classify(null, "news.example.com")).isEqualTo(Referral.DIRECT);
		assertThat(BY_STORY_HOST.classify("", "news.example.com")).isEqualTo(Referral.DIRECT);
		assertThat(BY_STORY_HOST.classify("  ", "news.example.com")).isEqualTo(Referral.DIRECT);
	}

	@Test
	void theStorysOwnHostAndItsSubdomainsAreInternalWithoutSiteHosts() {
		assertThat(BY_STORY_HOST.classify("https://news.example.com/world/?page=2", "news.example.com"))
			.isEqualTo(Referral.INTERNAL);
		assertThat(BY_STORY_HOST.classify("https://www.news.example.com/", "news.example.com")).isEqualTo(Referral.INTERNAL);
		assertThat(BY_STORY_HOST.classify("https://m.news.example.com/", "www.news.example.com"))
			.isEqualTo(Referral.INTERNAL);
		assertThat(BY_STORY_HOST.classify("https://example.com/", "news.example.com"))
			.as("a parent domain is another site").isEqualTo(new Referral(Source.OTHER, "example.com"));
		assertThat(BY_STORY_HOST.classify("https://news.example.com.evil.test/", "news.example.com").source())
			.isEqualTo(Source.OTHER);
	}

	@Test
	void configuredSiteHostsReplaceTheStorysHost() {
		ReferrerClassifier classifier = classifier(List.of("example.com", "www.example-news.org"));
		assertThat(classifier.classify("https://sport.example.com/", "cdn.elsewhere.net")).isEqualTo(Referral.INTERNAL);
		assertThat(classifier.classify("https://example-news.org/", null)).isEqualTo(Referral.INTERNAL);
		assertThat(classifier.classify("https://cdn.elsewhere.net/", "cdn.elsewhere.net").source())
			.as("the story's own host no longer counts").isEqualTo(Source.OTHER);
	}

	@Test
	void theBundledListIsReadWhole() {
		// 1,572 distinct hosts without a path in the bundled copy: a list read only in part would fall short.
		assertThat(BY_STORY_HOST.listedHosts()).isGreaterThan(1500);
	}

	private static ReferrerClassifier classifier(List<String> siteHosts) {
		AudienceProperties defaults = new Binder(new MapConfigurationPropertySource())
			.bindOrCreate("pulse.audience", AudienceProperties.class);
		return new ReferrerClassifier(new AudienceProperties(siteHosts, defaults.referrers(), defaults.minuteRetention(),
				defaults.hourRetention(), defaults.hostsPerHour()), JsonMapper.builder().build());
	}

}
