package io.readerpulse.article;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.live.WhileRunning;
import io.readerpulse.web.FixedWindowLimiter;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Which slugs may exist, so that a flood of made-up slugs (beacons, streams, pages) costs no query: a Bloom
 * filter of every story's slug, rebuilt every {@value #REBUILD_MINUTES} minutes and told of the stories this
 * instance creates or hears of from the others. A slug it has never seen (a story written into the database
 * by other means, or whose news did not get through) is still looked up, but only
 * {@value #UNLISTED_PER_SECOND} such lookups a second are made; beyond that it is unknown until the next
 * second. About one made-up slug in a hundred passes the filter and costs its query.
 */
@Component
final class SlugFilter extends WhileRunning {

	private static final Logger logger = LoggerFactory.getLogger(SlugFilter.class);

	static final int REBUILD_MINUTES = 10;

	static final int UNLISTED_PER_SECOND = 20;

	private final DatabaseClient database;

	private final FixedWindowLimiter unlisted;

	private final Counter skipped;

	// Until the first build everything may exist.
	private volatile @Nullable BloomFilter<CharSequence> slugs;

	SlugFilter(DatabaseClient database, Clock clock, MeterRegistry meters) {
		this.database = database;
		this.unlisted = new FixedWindowLimiter(UNLISTED_PER_SECOND, Duration.ofSeconds(1), 1, clock);
		this.skipped = meters.counter("pulse.articles.lookups.skipped");
	}

	/**
	 * Whether looking the slug up is worth a query.
	 * @param slug a well-formed slug
	 * @return {@code false} if no story can have it (as far as anyone can know without asking)
	 */
	boolean worthLookingUp(String slug) {
		if (listed(slug) || this.unlisted.tryAcquire("unlisted").isEmpty()) {
			return true;
		}
		this.skipped.increment();
		return false;
	}

	/**
	 * Whether the slug may exist as far as the filter knows, without spending a lookup for unlisted slugs.
	 * @param slug a well-formed slug
	 * @return {@code true} if the filter has it (or about one made-up slug in a hundred), or is not built yet
	 */
	boolean listed(String slug) {
		BloomFilter<CharSequence> known = this.slugs;
		return known == null || known.mightContain(slug);
	}

	boolean isBuilt() {
		return this.slugs != null;
	}

	void created(String slug) {
		BloomFilter<CharSequence> known = this.slugs;
		if (known != null) {
			known.put(slug);
		}
	}

	private Mono<Void> rebuild() {
		return this.database.sql("select count(*) as stories from article")
			.map((row) -> row.get("stories", Long.class))
			.one()
			.flatMap((stories) -> this.database.sql("select slug from article")
				.map((row) -> row.get("slug", String.class))
				.all()
				.reduce(BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8), Math.max(100_000, 2 * stories), 0.01),
						(filter, slug) -> {
							filter.put(slug);
							return filter;
						}))
			.doOnNext((filter) -> this.slugs = filter)
			.then();
	}

	@Override
	public void start() {
		super.start();
		whileRunning(Flux.interval(Duration.ZERO, Duration.ofMinutes(REBUILD_MINUTES))
			.onBackpressureDrop()
			.concatMap((tick) -> rebuild().onErrorResume((ex) -> {
				logger.warn("Reading the known slugs failed; trying again in {} minutes: {}", REBUILD_MINUTES,
						ex.getMessage());
				return Mono.empty();
			}), 1))
			.subscribe();
	}

}
