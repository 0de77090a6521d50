package io.readerpulse.view;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.audience.Referral;
import io.readerpulse.audience.ReferrerClassifier;
import io.readerpulse.web.InvalidRequestException;

import org.springframework.stereotype.Component;

/**
 * What a page-view beacon or an engagement ping does, once {@link BeaconRoute} has read it: validation, the
 * crawler filter, the visitor's fingerprint, and counting.
 * <p>
 * The body is read as text whatever its content type, because {@code navigator.sendBeacon} sends its JSON
 * as {@code text/plain}. Known articles always get 202, counted or not: a beacon learns nothing about
 * deduplication or crawler detection.
 */
@Component
final class Beacons {

	/** What {@link #accept} answers when the beacon was taken on the spot: nothing to wait for. */
	static final Mono<Void> COUNTED = Mono.empty();

	// Browsers cut referrers to a few thousand characters; anything longer is not one.
	static final int MAX_REFERRER_LENGTH = 4096;

	private final ArticleDirectory directory;

	private final Crawlers crawlers;

	private final VisitorFingerprints fingerprints;

	private final ViewCounter counter;

	private final JsonMapper json;

	private final ReferrerClassifier referrers;

	private final Counter beacons;

	private final Counter crawled;

	private final Counter pings;

	private final Counter pingsCrawled;

	Beacons(ArticleDirectory directory, Crawlers crawlers, VisitorFingerprints fingerprints, ViewCounter counter,
			ReferrerClassifier referrers, JsonMapper json, MeterRegistry meters) {
		this.directory = directory;
		this.referrers = referrers;
		this.crawlers = crawlers;
		this.fingerprints = fingerprints;
		this.counter = counter;
		this.json = json;
		this.beacons = meters.counter("pulse.views.beacons");
		this.crawled = meters.counter("pulse.views", "outcome", "crawler");
		this.pings = meters.counter("pulse.pings.beacons");
		this.pingsCrawled = meters.counter("pulse.pings", "outcome", "crawler");
	}

	/**
	 * Takes one beacon.
	 * @param request what the beacon said
	 * @return completion once it is counted (or known not to count), {@link #COUNTED} if it was taken on the
	 * spot; an error for a bad beacon or an unknown story
	 * @throws InvalidRequestException for a malformed body or slug
	 */
	Mono<Void> accept(Request request) {
		Beacon beacon = parse(request.body());
		String visitorId = (beacon.visitorId() != null) ? beacon.visitorId() : request.visitorHeader();
		if (visitorId != null && visitorId.length() > VisitorFingerprints.MAX_ID_LENGTH) {
			return Mono.error(new InvalidRequestException("visitorId",
					"must be at most " + VisitorFingerprints.MAX_ID_LENGTH + " characters"));
		}
		if (!request.ping() && beacon.referrer() != null && beacon.referrer().length() > MAX_REFERRER_LENGTH) {
			return Mono.error(new InvalidRequestException("referrer", "must be at most " + MAX_REFERRER_LENGTH + " characters"));
		}
		ArticleDirectory.Entry known = this.directory.knownEntry(request.slug());
		if (known != null && visitorId != null && !visitorId.isBlank()) {
			// The common case, answered without a reactive chain: a story this instance has looked up before,
			// and a page that names its visitor.
			long visitor = this.fingerprints.ofId(visitorId);
			if (request.ping()) {
				ping(known.id(), visitor, request.userAgent());
				return COUNTED;
			}
			return count(known.id(), visitor, request.address(), request.userAgent(), referral(beacon, known));
		}
		if (request.ping()) {
			return this.directory.requireIdOf(request.slug())
				.flatMap((articleId) -> this.fingerprints.of(visitorId, request.address(), request.userAgent())
					.doOnNext((visitor) -> ping(articleId, visitor, request.userAgent())))
				.then();
		}
		return this.directory.requireEntryOf(request.slug())
			.flatMap((article) -> this.fingerprints.of(visitorId, request.address(), request.userAgent())
				.flatMap((visitor) -> count(article.id(), visitor, request.address(), request.userAgent(),
						referral(beacon, article))));
	}

	private Referral referral(Beacon beacon, ArticleDirectory.Entry article) {
		return this.referrers.classify(beacon.referrer(), article.host());
	}

	private Mono<Void> count(long articleId, long visitor, String clientAddress, @Nullable String userAgent,
			Referral referral) {
		this.beacons.increment();
		if (this.crawlers.isCrawler(userAgent)) {
			this.crawled.increment();
			return COUNTED;
		}
		return this.counter.count(articleId, visitor, clientAddress, referral);
	}

	private void ping(long articleId, long visitor, @Nullable String userAgent) {
		this.pings.increment();
		if (this.crawlers.isCrawler(userAgent)) {
			this.pingsCrawled.increment();
			return;
		}
		this.counter.ping(articleId, visitor);
	}

	private Beacon parse(String body) {
		if (body.isBlank()) {
			return Beacon.EMPTY;
		}
		try {
			Beacon beacon = this.json.readValue(body, Beacon.class);
			return (beacon != null) ? beacon : Beacon.EMPTY;
		}
		catch (JacksonException ex) {
			throw new InvalidRequestException("body", "must be a JSON object such as {\"visitorId\": \"...\"}");
		}
	}

	/**
	 * A beacon as it arrived.
	 *
	 * @param slug the story's slug, from the path
	 * @param ping {@code true} for an engagement ping, {@code false} for a page view
	 * @param body the body as text, empty if none
	 * @param visitorHeader the {@code X-Visitor-Id} header, if any
	 * @param address the client's address
	 * @param userAgent the {@code User-Agent} header, if any
	 */
	record Request(String slug, boolean ping, String body, @Nullable String visitorHeader, String address,
			@Nullable String userAgent) {
	}

	/**
	 * What a beacon may carry.
	 *
	 * @param visitorId the page's own id for the visitor, if it keeps one
	 * @param referrer where the reader came from (the page's {@code document.referrer}); only its host and
	 * source are kept
	 */
	record Beacon(@Nullable String visitorId, @Nullable String referrer) {

		static final Beacon EMPTY = new Beacon(null, null);

	}

}
