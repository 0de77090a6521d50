package io.readerpulse.article;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Resolves slugs to article ids for the hot paths (beacons, stream connects) without a database round trip
 * per request: a viral story's slug is looked up once, not once per reader. Unknown slugs are remembered
 * briefly too, so a flood of made-up slugs cannot turn into a flood of queries.
 */
@Component
public final class ArticleDirectory {

	private static final Duration KNOWN_TTL = Duration.ofMinutes(10);

	private static final Duration UNKNOWN_TTL = Duration.ofSeconds(5);

	private final Articles articles;

	private final AsyncCache<String, Optional<Long>> ids = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfter(new Expiry<String, Optional<Long>>() {
			@Override
			public long expireAfterCreate(String slug, Optional<Long> id, long now) {
				return (id.isPresent() ? KNOWN_TTL : UNKNOWN_TTL).toNanos();
			}

			@Override
			public long expireAfterUpdate(String slug, Optional<Long> id, long now, long remaining) {
				return expireAfterCreate(slug, id, now);
			}

			@Override
			public long expireAfterRead(String slug, Optional<Long> id, long now, long remaining) {
				return remaining;
			}
		})
		.buildAsync();

	ArticleDirectory(Articles articles) {
		this.articles = articles;
	}

	/**
	 * The id of the article with the slug.
	 * @param slug a slug from a request
	 * @return the id, or empty if no such article exists
	 * @throws io.readerpulse.web.InvalidRequestException if the slug is malformed
	 */
	public Mono<Long> idOf(String slug) {
		Slugs.requireValid(slug);
		return Mono.fromFuture(() -> this.ids.get(slug, (key, executor) -> this.articles.findIdBySlug(key)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.toFuture()), true).flatMap(Mono::justOrEmpty);
	}

	void created(String slug) {
		this.ids.synchronous().invalidate(slug);
	}

	@EventListener
	void deleted(ArticleDeleted event) {
		this.ids.synchronous().invalidate(event.slug());
	}

}
