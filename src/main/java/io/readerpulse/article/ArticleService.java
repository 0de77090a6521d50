package io.readerpulse.article;

import java.util.List;

import reactor.core.publisher.Mono;

import io.readerpulse.live.LiveChanges;
import io.readerpulse.live.LiveReaders;
import io.readerpulse.web.NotFoundException;
import io.readerpulse.web.Page;
import io.readerpulse.web.PageRequest;

import org.springframework.stereotype.Service;

/**
 * Creating, reading and removing stories, and presenting them with their stats.
 */
@Service
public class ArticleService {

	private final Articles articles;

	private final ArticleDirectory directory;

	private final LiveReaders readers;

	private final LiveChanges live;

	ArticleService(Articles articles, ArticleDirectory directory, LiveReaders readers, LiveChanges live) {
		this.articles = articles;
		this.directory = directory;
		this.readers = readers;
		this.live = live;
	}

	/**
	 * Creates or updates a story.
	 * @param slug its slug, already checked
	 * @param request what it is
	 * @return the story, and whether it was created
	 */
	public Mono<Upserted> upsert(String slug, UpsertArticleRequest request) {
		return this.articles.upsert(slug, request).flatMap((stored) -> {
			if (stored.created()) {
				// A beacon may have just cached this slug as unknown.
				this.directory.created(slug);
				return Mono.just(new Upserted(present(stored.article()), true));
			}
			// Its url, and with it the host whose referrers are internal, may have changed.
			this.directory.updated(slug);
			return get(slug).map((article) -> new Upserted(article, false));
		});
	}

	Mono<Article> get(String slug) {
		return this.articles.findBySlug(slug).map(this::present).switchIfEmpty(notFound(slug));
	}

	Mono<Page<Article>> list(PageRequest page) {
		ArticleCursor after = (page.cursor() != null) ? ArticleCursor.decode(page.cursor()) : null;
		// One extra row tells whether another page follows, without a count query.
		return this.articles.findNewest(after, page.limit() + 1).collectList().map((rows) -> {
			boolean more = rows.size() > page.limit();
			List<Articles.ArticleRow> items = more ? rows.subList(0, page.limit()) : rows;
			String next = more ? items.get(items.size() - 1).cursor().encode() : null;
			return new Page<>(items.stream().map(this::present).toList(), next);
		});
	}

	/**
	 * Whether there is no story at all yet.
	 * @return {@code true} for an empty database
	 */
	public Mono<Boolean> isEmpty() {
		return this.articles.isEmpty();
	}

	Mono<Void> delete(String slug) {
		return this.articles.delete(slug)
			.switchIfEmpty(notFound(slug))
			.doOnNext((id) -> {
				this.directory.deleted(slug);
				this.live.articleRemoved(id);
			})
			.then();
	}

	private static <T> Mono<T> notFound(String slug) {
		return Mono.error(() -> new NotFoundException("No article '" + slug + "'."));
	}

	private Article present(Articles.ArticleRow row) {
		return new Article(row.slug(), row.title(), row.url(), row.section(), row.summary(), row.publishedAt(),
				row.updatedAt(), row.stats().withReadingNow(this.readers.readingNow(row.id())));
	}

	/**
	 * An upserted article and whether the upsert created it.
	 */
	public record Upserted(Article article, boolean created) {
	}

}
