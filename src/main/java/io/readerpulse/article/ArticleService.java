package io.readerpulse.article;

import java.util.List;

import reactor.core.publisher.Mono;

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

	ArticleService(Articles articles) {
		this.articles = articles;
	}

	Mono<Upserted> upsert(String slug, UpsertArticleRequest request) {
		return this.articles.upsert(slug, request)
			.map((stored) -> new Upserted(present(stored.article()), stored.created()));
	}

	Mono<Article> get(String slug) {
		return this.articles.findBySlug(slug).map(ArticleService::present).switchIfEmpty(notFound(slug));
	}

	Mono<Page<Article>> list(PageRequest page) {
		ArticleCursor after = (page.cursor() != null) ? ArticleCursor.decode(page.cursor()) : null;
		// One extra row tells whether another page follows, without a count query.
		return this.articles.findNewest(after, page.limit() + 1).collectList().map((rows) -> {
			boolean more = rows.size() > page.limit();
			List<Articles.ArticleRow> items = more ? rows.subList(0, page.limit()) : rows;
			String next = more ? items.get(items.size() - 1).cursor().encode() : null;
			return new Page<>(items.stream().map(ArticleService::present).toList(), next);
		});
	}

	Mono<Void> delete(String slug) {
		return this.articles.delete(slug).filter(Boolean::booleanValue).switchIfEmpty(notFound(slug)).then();
	}

	private static <T> Mono<T> notFound(String slug) {
		return Mono.error(() -> new NotFoundException("No article '" + slug + "'."));
	}

	private static Article present(Articles.ArticleRow row) {
		return new Article(row.slug(), row.title(), row.url(), row.section(), row.summary(), row.publishedAt(),
				row.updatedAt(), Stats.NONE);
	}

	/**
	 * An upserted article and whether the upsert created it.
	 */
	record Upserted(Article article, boolean created) {
	}

}
