package io.readerpulse.article;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.readerpulse.live.StoryNews;
import io.readerpulse.web.NotFoundException;

import org.springframework.stereotype.Component;

/**
 * Resolves slugs to article ids for the hot paths (beacons, stream connects) without a database round trip
 * per request: a viral story's slug is looked up once, not once per reader. Unknown slugs are remembered
 * briefly too, so a flood of made-up slugs cannot turn into a flood of queries. A slug that the
 * {@link SlugFilter} turns away is not remembered: no lookup was made, and remembering it would keep a story
 * the filter has not heard of (written into the database behind the service's back) at 404 for that long
 * after the second's lookups were spent, and let a flood of made-up slugs push real stories out of the cache.
 * The other instances hear of the stories this one creates ({@link StoryNews}), and this one of theirs.
 */
@Component
public final class ArticleDirectory implements StoryNews.Listener {

	// Known slugs are re-read in the background once a minute (so a story deleted on another instance is
	// forgotten within a minute) and kept while the database cannot be reached, so beacons for known
	// stories keep being accepted through an outage.
	private static final Duration REFRESH = Duration.ofMinutes(1);

	private static final Duration KNOWN_TTL = Duration.ofDays(1);

	private static final Duration UNKNOWN_TTL = Duration.ofSeconds(5);

	private final AsyncLoadingCache<String, Optional<Entry>> ids;

	private final SlugFilter filter;

	private final StoryNews news;

	ArticleDirectory(Articles articles, SlugFilter filter, StoryNews news) {
		this.filter = filter;
		this.news = news;
		this.ids = Caffeine.newBuilder()
			.maximumSize(100_000)
			.refreshAfterWrite(REFRESH)
			.expireAfter(new Expiry<String, Optional<Entry>>() {
				@Override
				public long expireAfterCreate(String slug, Optional<Entry> id, long now) {
					return (id.isPresent() ? KNOWN_TTL : UNKNOWN_TTL).toNanos();
				}

				@Override
				public long expireAfterUpdate(String slug, Optional<Entry> id, long now, long remaining) {
					return expireAfterCreate(slug, id, now);
				}

				@Override
				public long expireAfterRead(String slug, Optional<Entry> id, long now, long remaining) {
					return remaining;
				}
			})
			.buildAsync(new AsyncCacheLoader<String, Optional<Entry>>() {
				// Loaded only once the filter let the slug through (see entryOf).
				@Override
				public CompletableFuture<Optional<Entry>> asyncLoad(String slug, Executor executor) {
					return lookUp(articles, slug);
				}

				// A slug that was known is always looked up again: the filter may not have heard of it yet.
				@Override
				public CompletableFuture<Optional<Entry>> asyncReload(String slug, Optional<Entry> old, Executor executor) {
					return lookUp(articles, slug);
				}
			});
	}

	private static CompletableFuture<Optional<Entry>> lookUp(Articles articles, String slug) {
		return articles.findEntryBySlug(slug).map(Optional::of).defaultIfEmpty(Optional.empty()).toFuture();
	}

	/**
	 * The id of the article with the slug.
	 * @param slug a slug from a request
	 * @return the id, or empty if no such article exists
	 * @throws io.readerpulse.web.InvalidRequestException if the slug is malformed
	 */
	public Mono<Long> idOf(String slug) {
		return entryOf(slug).map(Entry::id);
	}

	/**
	 * The article with the slug, with what the beacons need to know of it.
	 * @param slug a slug from a request
	 * @return the article's entry, or a {@link NotFoundException} if no such article exists
	 * @throws io.readerpulse.web.InvalidRequestException if the slug is malformed
	 */
	public Mono<Entry> requireEntryOf(String slug) {
		return entryOf(slug).switchIfEmpty(Mono.error(() -> new NotFoundException("No article '" + slug + "'.")));
	}

	/**
	 * The article with the slug if this instance has it at hand, so that the beacons' common case needs no
	 * reactive chain.
	 * @param slug a slug from a request
	 * @return the entry, or {@code null} if it is not at hand (ask {@link #requireEntryOf})
	 * @throws io.readerpulse.web.InvalidRequestException if the slug is malformed
	 */
	public @Nullable Entry knownEntry(String slug) {
		Slugs.requireValid(slug);
		CompletableFuture<Optional<Entry>> known = this.ids.getIfPresent(slug);
		if (known == null || !known.isDone() || known.isCompletedExceptionally()) {
			return null;
		}
		return known.join().orElse(null);
	}

	private Mono<Entry> entryOf(String slug) {
		Slugs.requireValid(slug);
		if (this.ids.getIfPresent(slug) == null && !this.filter.worthLookingUp(slug)) {
			return Mono.empty();
		}
		return Mono.fromFuture(() -> this.ids.get(slug), true).flatMap(Mono::justOrEmpty);
	}

	/**
	 * The id of the article with the slug, for endpoints that address an existing story.
	 * @param slug a slug from a request
	 * @return the id, or a {@link NotFoundException} if no such article exists
	 * @throws io.readerpulse.web.InvalidRequestException if the slug is malformed
	 */
	public Mono<Long> requireIdOf(String slug) {
		return idOf(slug).switchIfEmpty(Mono.error(() -> new NotFoundException("No article '" + slug + "'.")));
	}

	void created(String slug) {
		storiesCreated(List.of(slug));
	}

	/**
	 * Makes stories created by other means than the article API (an import) known to lookups at once, here
	 * and on the other instances.
	 * @param slugs their slugs
	 */
	public void storiesCreated(Collection<String> slugs) {
		heardOf(slugs);
		this.news.created(slugs);
	}

	@Override
	public void storiesCreatedElsewhere(List<String> slugs) {
		heardOf(slugs);
	}

	// A beacon may have just cached one of these slugs as unknown.
	private void heardOf(Collection<String> slugs) {
		for (String slug : slugs) {
			this.filter.created(slug);
			this.ids.synchronous().invalidate(slug);
		}
	}

	void deleted(String slug) {
		this.ids.synchronous().invalidate(slug);
	}

	void updated(String slug) {
		this.ids.synchronous().invalidate(slug);
	}

	/**
	 * What the hot paths know of an article.
	 *
	 * @param id the article's id
	 * @param host the host of its url, lower case, or {@code null} if the url has none
	 */
	public record Entry(long id, @Nullable String host) {
	}

}
