package io.readerpulse.article;

import java.time.Instant;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * Articles in PostgreSQL.
 */
@Component
final class Articles {

	private static final String COLUMNS = "id, slug, title, url, section, summary, published_at, updated_at";

	private final DatabaseClient database;

	Articles(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Creates or updates the article in one statement, so concurrent upserts of one slug cannot collide.
	 * @return the stored article, and whether it was created
	 */
	Mono<Stored> upsert(String slug, UpsertArticleRequest request) {
		GenericExecuteSpec spec = this.database.sql("""
				insert into article (slug, title, url, section, summary, published_at, updated_at)
				values (:slug, :title, :url, :section, :summary,
				        coalesce(:publishedAt, now()), coalesce(:updatedAt, now()))
				on conflict (slug) do update set
				    title = excluded.title, url = excluded.url, section = excluded.section,
				    summary = excluded.summary,
				    published_at = coalesce(:publishedAt, article.published_at),
				    updated_at = excluded.updated_at
				returning %s, (xmax = 0) as created""".formatted(COLUMNS))
			.bind("slug", slug)
			.bind("title", request.title())
			.bind("url", request.url());
		spec = bind(spec, "section", request.section(), String.class);
		spec = bind(spec, "summary", request.summary(), String.class);
		spec = bind(spec, "publishedAt", request.publishedAt(), Instant.class);
		spec = bind(spec, "updatedAt", request.updatedAt(), Instant.class);
		return spec.map((row) -> new Stored(toRow(row), Boolean.TRUE.equals(row.get("created", Boolean.class)))).one();
	}

	Mono<ArticleRow> findBySlug(String slug) {
		return this.database.sql("select " + COLUMNS + " from article where slug = :slug")
			.bind("slug", slug)
			.map(Articles::toRow)
			.one();
	}

	/**
	 * Newest first, starting after the cursor.
	 */
	Flux<ArticleRow> findNewest(@Nullable ArticleCursor after, int limit) {
		if (after == null) {
			return this.database
				.sql("select " + COLUMNS + " from article order by published_at desc, id desc limit :limit")
				.bind("limit", limit)
				.map(Articles::toRow)
				.all();
		}
		return this.database.sql("select " + COLUMNS + " from article where (published_at, id) < (:publishedAt, :id) "
				+ "order by published_at desc, id desc limit :limit")
			.bind("publishedAt", after.publishedAt())
			.bind("id", after.id())
			.bind("limit", limit)
			.map(Articles::toRow)
			.all();
	}

	Mono<Boolean> isEmpty() {
		return this.database.sql("select not exists (select 1 from article) as empty")
			.map((row) -> Boolean.TRUE.equals(row.get("empty", Boolean.class)))
			.one();
	}

	Mono<Boolean> delete(String slug) {
		return this.database.sql("delete from article where slug = :slug")
			.bind("slug", slug)
			.fetch()
			.rowsUpdated()
			.map((count) -> count > 0);
	}

	private static <T> GenericExecuteSpec bind(GenericExecuteSpec spec, String name, @Nullable T value,
			Class<T> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	private static ArticleRow toRow(Readable row) {
		return new ArticleRow(row.get("id", Long.class), row.get("slug", String.class), row.get("title", String.class),
				row.get("url", String.class), row.get("section", String.class), row.get("summary", String.class),
				row.get("published_at", Instant.class), row.get("updated_at", Instant.class));
	}

	/**
	 * An article as stored.
	 */
	record ArticleRow(long id, String slug, String title, String url, @Nullable String section,
			@Nullable String summary, Instant publishedAt, Instant updatedAt) {

		ArticleCursor cursor() {
			return new ArticleCursor(this.publishedAt, this.id);
		}

	}

	/**
	 * The outcome of an upsert.
	 */
	record Stored(ArticleRow article, boolean created) {
	}

}
