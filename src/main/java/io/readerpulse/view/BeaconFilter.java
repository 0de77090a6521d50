package io.readerpulse.view;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.audience.Referral;
import io.readerpulse.audience.ReferrerClassifier;
import io.readerpulse.web.ClientAddress;
import io.readerpulse.web.InvalidRequestException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * {@code POST /api/articles/{slug}/views} and {@code /pings}: page-view beacons and engagement pings,
 * answered on the shortest path the service has.
 * <p>
 * When a story goes viral every reader sends one, so this endpoint carries most of the traffic. It is
 * public, carries no credentials and answers 202 with no body, so it skips what it would not use: the
 * security filter chain (authentication, authorization) and annotated-controller dispatch, which together
 * cost about five times the beacon's own work (see the benchmark in the README). It runs after the
 * request size limit and applies the CORS allow-list itself; errors still become problem responses.
 * <p>
 * The body is read as text whatever its content type, because {@code navigator.sendBeacon} sends its JSON
 * as {@code text/plain}. Known articles always get 202, counted or not: a beacon learns nothing about
 * deduplication or crawler detection.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class BeaconFilter implements WebFilter {

	// Browsers cut referrers to a few thousand characters; anything longer is not one.
	static final int MAX_REFERRER_LENGTH = 4096;

	private static final PathPattern BEACON = PathPatternParser.defaultInstance.parse("/api/articles/{slug}/{kind:views|pings}");

	private final ArticleDirectory directory;

	private final Crawlers crawlers;

	private final VisitorFingerprints fingerprints;

	private final ViewCounter counter;

	private final JsonMapper json;

	private final CorsConfigurationSource cors;

	private final CorsProcessor corsProcessor = new DefaultCorsProcessor();

	private final Counter beacons;

	private final Counter crawled;

	private final Counter pings;

	private final Counter pingsCrawled;

	private final ReferrerClassifier referrers;

	BeaconFilter(ArticleDirectory directory, Crawlers crawlers, VisitorFingerprints fingerprints, ViewCounter counter,
			ReferrerClassifier referrers, JsonMapper json, CorsConfigurationSource cors, MeterRegistry meters) {
		this.directory = directory;
		this.referrers = referrers;
		this.pings = meters.counter("pulse.pings.beacons");
		this.pingsCrawled = meters.counter("pulse.pings", "outcome", "crawler");
		this.crawlers = crawlers;
		this.fingerprints = fingerprints;
		this.counter = counter;
		this.json = json;
		this.cors = cors;
		this.beacons = meters.counter("pulse.views.beacons");
		this.crawled = meters.counter("pulse.views", "outcome", "crawler");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (request.getMethod() != HttpMethod.POST) {
			return chain.filter(exchange);
		}
		PathPattern.PathMatchInfo match = BEACON.matchAndExtract(PathContainer.parsePath(request.getPath().value()));
		if (match == null) {
			return chain.filter(exchange);
		}
		return accept(exchange, match.getUriVariables().get("slug"), "pings".equals(match.getUriVariables().get("kind")));
	}

	private Mono<Void> accept(ServerWebExchange exchange, String slug, boolean ping) {
		if (!this.corsProcessor.process(this.cors.getCorsConfiguration(exchange), exchange)) {
			// A browser page from an origin that the allow-list does not name.
			return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN, "This origin may not call the API."));
		}
		exchange.getResponse().getHeaders().set("X-Content-Type-Options", "nosniff");
		ServerHttpRequest request = exchange.getRequest();
		String userAgent = request.getHeaders().getFirst(HttpHeaders.USER_AGENT);
		String visitorHeader = request.getHeaders().getFirst("X-Visitor-Id");
		return DataBufferUtils.join(request.getBody())
			.map(BeaconFilter::text)
			.defaultIfEmpty("")
			.flatMap((body) -> {
				Beacon beacon = parse(body);
				String visitorId = (beacon.visitorId() != null) ? beacon.visitorId() : visitorHeader;
				if (visitorId != null && visitorId.length() > VisitorFingerprints.MAX_ID_LENGTH) {
					return Mono.error(new InvalidRequestException("visitorId",
							"must be at most " + VisitorFingerprints.MAX_ID_LENGTH + " characters"));
				}
				if (ping) {
					return this.directory.requireIdOf(slug)
						.flatMap((articleId) -> ping(articleId, visitorId, ClientAddress.of(request), userAgent));
				}
				if (beacon.referrer() != null && beacon.referrer().length() > MAX_REFERRER_LENGTH) {
					return Mono.error(new InvalidRequestException("referrer",
							"must be at most " + MAX_REFERRER_LENGTH + " characters"));
				}
				return this.directory.requireEntryOf(slug)
					.flatMap((article) -> count(article.id(), visitorId, ClientAddress.of(request), userAgent,
							this.referrers.classify(beacon.referrer(), article.host())));
			})
			.then(Mono.defer(() -> {
				exchange.getResponse().setStatusCode(HttpStatus.ACCEPTED);
				return exchange.getResponse().setComplete();
			}));
	}

	private Mono<Void> count(long articleId, @Nullable String visitorId, @Nullable String clientAddress,
			@Nullable String userAgent, Referral referral) {
		this.beacons.increment();
		if (this.crawlers.isCrawler(userAgent)) {
			this.crawled.increment();
			return Mono.empty();
		}
		return this.fingerprints.of(visitorId, clientAddress, userAgent)
			.flatMap((visitor) -> this.counter.count(articleId, visitor, clientAddress, referral));
	}

	private Mono<Void> ping(long articleId, @Nullable String visitorId, @Nullable String clientAddress,
			@Nullable String userAgent) {
		this.pings.increment();
		if (this.crawlers.isCrawler(userAgent)) {
			this.pingsCrawled.increment();
			return Mono.empty();
		}
		return this.fingerprints.of(visitorId, clientAddress, userAgent)
			.doOnNext((visitor) -> this.counter.ping(articleId, visitor))
			.then();
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

	private static String text(DataBuffer buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
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
