package io.readerpulse.audience;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.OwnClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audience over time: minutes, sources, referring hosts and engaged time, as staff read them, with a
 * clock the tests move.
 */
@OwnClock
class AudienceApiIT extends IntegrationTest {

	static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/120.0.0.0 Safari/537.36";

	@Autowired
	private AudienceRetention retention;

	@Test
	void viewsLandInTheirMinuteAndSourceAndOnlyTheReferrersHostIsKept() {
		String slug = newArticle();
		view(slug, "direct-reader", null);
		view(slug, "internal-reader", "https://news.example.com/world/another-story?utm_source=home");
		view(slug, "www-internal-reader", "https://www.news.example.com/");
		view(slug, "search-reader", "https://www.google.com/search?q=private+words");
		view(slug, "social-reader", "https://l.facebook.com/l.php?u=https%3A%2F%2Fnews.example.com%2Fsecret-path");
		view(slug, "social-reader-2", "https://t.co/AbCdEf");
		view(slug, "other-reader", "https://Blog.Example.org/2026/12/the-post?id=99#comments");
		view(slug, "other-reader-2", "not a url at all");

		Audience audience = awaitAudience(slug, 60, (a) -> total(a) == 8);
		assertThat(audience.minutes()).hasSize(60);
		assertThat(audience.minutes().get(59).minute()).isEqualTo(this.clock.instant().truncatedTo(ChronoUnit.MINUTES));
		assertThat(audience.minutes().get(59).views()).isEqualTo(8);
		assertThat(audience.minutes().subList(0, 59)).allMatch((minute) -> minute.views() == 0);
		assertThat(audience.from()).isEqualTo(audience.minutes().get(0).minute());
		assertThat(audience.to()).isEqualTo(audience.minutes().get(59).minute().plus(Duration.ofMinutes(1)));
		assertThat(audience.sources()).isEqualTo(new Audience.Sources(1, 2, 1, 2, 2));
		assertThat(audience.referrers()).extracting(Audience.ReferringHost::host)
			.containsExactlyInAnyOrder("www.google.com", "l.facebook.com", "t.co", "blog.example.org");
		assertThat(audience.referrers()).allMatch((host) -> host.views() == 1);

		// Nothing but hosts reached the database: no path, query or fragment of any referrer.
		Long leaks = this.database.sql("""
				select count(*) from referrer_hour
				where host ~ '[/?#=%]' or host like '%private%' or host like '%secret%' or host like '%comments%'""")
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
		assertThat(leaks).isZero();
	}

	@Test
	void referringHostsPerStoryPerHourAreBounded() {
		String slug = newArticle();
		toNextMinute();
		// 25 hosts fit in a story's hour; the views of the others still count in their source.
		for (int host = 0; host < 30; host++) {
			int views = (host < 5) ? 1 : 2;
			for (int i = 0; i < views; i++) {
				view(slug, "reader-" + host + "-" + i, "https://site" + host + ".example.net/");
			}
		}
		Audience audience = awaitAudience(slug, 60, (a) -> total(a) == 55);
		assertThat(audience.sources().other()).as("every view counts in its source").isEqualTo(55);
		Long stored = this.database.sql("select count(*) from referrer_hour r join article a on a.id = r.article_id "
				+ "where a.slug = :slug")
			.bind("slug", slug).map((row) -> row.get(0, Long.class)).one().block();
		assertThat(stored).isEqualTo(25);
		assertThat(audience.referrers()).hasSize(10).allMatch((host) -> host.views() == 2);
	}

	@Test
	void minutesWithoutReadersAreZerosAndEachViewKeepsItsMinute() {
		String slug = newArticle();
		toNextMinute();
		Instant first = this.clock.instant().truncatedTo(ChronoUnit.MINUTES);
		view(slug, "early-reader", null);
		awaitAudience(slug, 5, (a) -> total(a) == 1);
		this.clock.advance(Duration.ofMinutes(3));
		view(slug, "late-reader", "https://www.bing.com/search?q=x");
		view(slug, "late-reader-2", null);

		Audience audience = awaitAudience(slug, 5, (a) -> total(a) == 3);
		assertThat(audience.minutes()).extracting(Audience.MinuteFigures::minute)
			.containsExactly(first.minus(Duration.ofMinutes(1)), first, first.plus(Duration.ofMinutes(1)),
					first.plus(Duration.ofMinutes(2)), first.plus(Duration.ofMinutes(3)));
		assertThat(audience.minutes()).extracting(Audience.MinuteFigures::views).containsExactly(0L, 1L, 0L, 0L, 2L);
		assertThat(audience.sources()).isEqualTo(new Audience.Sources(2, 0, 1, 0, 0));

		Audience lastMinute = audience(slug, 1);
		assertThat(lastMinute.minutes()).extracting(Audience.MinuteFigures::views).containsExactly(2L);
		assertThat(lastMinute.sources()).as("sources cover the same span").isEqualTo(new Audience.Sources(1, 0, 1, 0, 0));
	}

	@Test
	void aPingCountsFifteenEngagedSecondsOncePerSlotAndEngagementFadesAfterThirtySeconds() {
		String slug = newArticle();
		toNextMinute();
		view(slug, "engaged-reader", null);
		ping(slug, "engaged-reader", BROWSER).expectStatus().isAccepted().expectBody().isEmpty();
		ping(slug, "engaged-reader", BROWSER).expectStatus().isAccepted();
		ping(slug, "engaged-reader", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
			.expectStatus().isAccepted();
		ping(slug, "crawling-reader", "Googlebot/2.1").expectStatus().isAccepted();

		Audience audience = awaitAudience(slug, 60, (a) -> engaged(a) == 15);
		assertThat(audience.engagedNow()).isEqualTo(1);
		assertThat(audience.averageEngagedSeconds()).isEqualTo(15.0);

		this.clock.advance(Duration.ofSeconds(15));
		ping(slug, "engaged-reader", BROWSER).expectStatus().isAccepted();
		audience = awaitAudience(slug, 60, (a) -> engaged(a) == 30);
		assertThat(audience.engagedNow()).isEqualTo(1);
		assertThat(audience.averageEngagedSeconds()).isEqualTo(30.0);

		this.clock.advance(Duration.ofSeconds(31));
		assertThat(audience(slug, 60).engagedNow()).as("no ping for 31 s").isZero();
		assertThat(engaged(audience(slug, 60))).as("engaged time stays").isEqualTo(30);
	}

	@Test
	void pingsForUnknownStoriesAndMalformedPingsAreRefused() {
		this.client.post().uri("/api/articles/{slug}/pings", "no-such-story-" + unique())
			.header("User-Agent", BROWSER)
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.client.post().uri("/api/articles/{slug}/pings", newArticle())
			.header("User-Agent", BROWSER)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"visitorId\": [")
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void theAudienceIsForStaffOnly() {
		String slug = newArticle();
		this.client.get().uri("/api/articles/{slug}/audience", slug).exchange().expectStatus().isUnauthorized();
		String token = deviceToken();
		this.client.get().uri("/api/articles/{slug}/audience", slug)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus().isForbidden();
		for (Role role : Role.values()) {
			as(role, this.client.get().uri("/api/articles/{slug}/audience", slug)).exchange().expectStatus().isOk();
		}
		as(Role.EDITOR, this.client.get().uri("/api/articles/{slug}/audience?minutes=0", slug)).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors.minutes").exists();
		as(Role.EDITOR, this.client.get().uri("/api/articles/{slug}/audience?minutes=1441", slug)).exchange()
			.expectStatus().isBadRequest();
		as(Role.EDITOR, this.client.get().uri("/api/articles/{slug}/audience", "no-such-" + unique())).exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void minutesRollUpIntoHoursAndExpire() {
		long articleId = 9_000_000_000L + Math.abs(unique().hashCode());
		Instant now = this.clock.instant();
		Instant lastHour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
		Instant early = lastHour.plus(Duration.ofMinutes(5));
		Instant late = lastHour.plus(Duration.ofMinutes(40));
		insertMinute(articleId, early, 3, 15);
		insertMinute(articleId, late, 4, 30);
		insertMinute(articleId, now.minus(Duration.ofHours(50)).truncatedTo(ChronoUnit.MINUTES), 5, 0);
		Instant ancient = now.minus(Duration.ofDays(91)).truncatedTo(ChronoUnit.HOURS);
		this.database.sql("insert into audience_hour (article_id, hour, views) values (:id, :hour, 7)")
			.bind("id", articleId).bind("hour", ancient).fetch().rowsUpdated().block();
		this.database.sql("insert into referrer_hour (article_id, hour, host, views) values (:id, :hour, 't.co', 7)")
			.bind("id", articleId).bind("hour", ancient).fetch().rowsUpdated().block();

		this.retention.tidy().block();

		assertThat(minutes(articleId)).as("minutes older than 48 hours expire").containsExactlyInAnyOrder(early, late);
		assertThat(hours(articleId)).as("the last hour rolled up; the 91-day-old one expired")
			.containsExactly(Map.entry(lastHour, 7L));
		assertThat(this.database.sql("select count(*) from referrer_hour where article_id = :id").bind("id", articleId)
			.map((row) -> row.get(0, Long.class)).one().block()).as("old referring hosts expire").isZero();

		// Rolling up again replaces, never adds; a minute that arrived late is included.
		insertMinute(articleId, lastHour.plus(Duration.ofMinutes(59)), 1, 0);
		this.retention.tidy().block();
		assertThat(hours(articleId)).containsExactly(Map.entry(lastHour, 8L));
	}

	private void insertMinute(long articleId, Instant minute, long views, long engaged) {
		this.database.sql("""
				insert into audience_minute (article_id, minute, views, engaged_seconds, direct)
				values (:id, :minute, :views, :engaged, :views)""")
			.bind("id", articleId).bind("minute", minute).bind("views", views).bind("engaged", engaged)
			.fetch().rowsUpdated().block();
	}

	private List<Instant> minutes(long articleId) {
		return this.database.sql("select minute from audience_minute where article_id = :id").bind("id", articleId)
			.map((row) -> row.get(0, Instant.class)).all().collectList().block();
	}

	private Map<Instant, Long> hours(long articleId) {
		Map<Instant, Long> hours = new HashMap<>();
		this.database.sql("select hour, views from audience_hour where article_id = :id").bind("id", articleId)
			.map((row) -> Map.entry(row.get(0, Instant.class), row.get(1, Long.class)))
			.all().toIterable().forEach((entry) -> hours.put(entry.getKey(), entry.getValue()));
		return hours;
	}

	private void toNextMinute() {
		Instant now = this.clock.instant();
		// A second past the boundary: the flush of the previous views and this test's views never straddle it.
		this.clock.advance(Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofSeconds(61))));
	}

	private void view(String slug, String visitor, @Nullable String referrer) {
		Map<String, String> body = new HashMap<>();
		body.put("visitorId", visitor);
		if (referrer != null) {
			body.put("referrer", referrer);
		}
		this.client.post().uri("/api/articles/{slug}/views", slug)
			.header("User-Agent", BROWSER)
			.bodyValue(body)
			.exchange()
			.expectStatus().isAccepted();
	}

	private WebTestClient.ResponseSpec ping(String slug, String visitor, String userAgent) {
		return this.client.post().uri("/api/articles/{slug}/pings", slug)
			.header("User-Agent", userAgent)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("{\"visitorId\":\"" + visitor + "\"}")
			.exchange();
	}

	private Audience audience(String slug, int minutes) {
		return as(Role.EDITOR, this.client.get().uri("/api/articles/{slug}/audience?minutes={m}", slug, minutes))
			.exchange()
			.expectStatus().isOk()
			.expectBody(Audience.class)
			.returnResult()
			.getResponseBody();
	}

	private Audience awaitAudience(String slug, int minutes, java.util.function.Predicate<Audience> until) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> audience(slug, minutes), until);
	}

	private static long total(Audience audience) {
		return audience.minutes().stream().mapToLong(Audience.MinuteFigures::views).sum();
	}

	private static long engaged(Audience audience) {
		return audience.minutes().stream().mapToLong(Audience.MinuteFigures::engagedSeconds).sum();
	}

}
