package io.readerpulse.article;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.live.Stats;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * Articles in PostgreSQL.
 */
@Component
final class Articles {

	private final DatabaseClient database;

	private final StatsStore stats;

	Articles(DatabaseClient database, StatsStore stats) {
		this.database = database;
		this.stats = stats;
	}

	/**
	 * Creates or updates the article in one statement, so concurrent upserts of one slug cannot collide.
	 * @return the stored article, and whether it was created
	 */
	Mono<Stored> upsert(String slug, UpsertArticleRequest request) {
		GenericExecuteSpec spec = this.database.sql("""
				with stored as (
				    insert into article (slug, title, url, section, summary, published_at, updated_at)
				    values (:slug, :title, :url, :section, :summary,
				            coalesce(:publishedAt, now()), coalesce(:updatedAt, now()))
				    on conflict (slug) do update set
				        title = excluded.title, url = excluded.url, section = excluded.section,
				        summary = excluded.summary,
				        published_at = coalesce(:publishedAt, article.published_at),
				        updated_at = excluded.updated_at
				    returning id, slug, title, url, section, summary, published_at, updated_at, (xmax = 0) as created
				), counters as (
				    insert into article_stats (article_id) select id from stored on conflict do nothing
				)
				select * from stored""")
			.bind("slug", slug)
			.bind("title", request.title())
			.bind("url", request.url());
		spec = bind(spec, "section", request.section(), String.class);
		spec = bind(spec, "summary", request.summary(), String.class);
		spec = bind(spec, "publishedAt", request.publishedAt(), Instant.class);
		spec = bind(spec, "updatedAt", request.updatedAt(), Instant.class);
		return spec.map((row) -> new Stored(withStats(row, Stats.NONE), Boolean.TRUE.equals(row.get("created", Boolean.class))))
			.one();
	}

	Mono<ArticleRow> findBySlug(String slug) {
		return this.database.sql("select * from article_card where slug = :slug")
			.bind("slug", slug)
			.map(this::toRow)
			.one();
	}

	/**
	 * Newest first, starting after the cursor.
	 */
	Flux<ArticleRow> findNewest(@Nullable ArticleCursor after, int limit) {
		if (after == null) {
			return this.database.sql("select * from article_card order by published_at desc, id desc limit :limit")
				.bind("limit", limit)
				.map(this::toRow)
				.all();
		}
		return this.database.sql("""
				select * from article_card where (published_at, id) < (:publishedAt, :id)
				order by published_at desc, id desc limit :limit""")
			.bind("publishedAt", after.publishedAt())
			.bind("id", after.id())
			.bind("limit", limit)
			.map(this::toRow)
			.all();
	}

	Mono<Boolean> isEmpty() {
		return this.database.sql("select not exists (select 1 from article) as empty")
			.map((row) -> Boolean.TRUE.equals(row.get("empty", Boolean.class)))
			.one();
	}

	/**
	 * Deletes the article with everything counted for it.
	 * @return the deleted article's id, or empty if there was none
	 */
	Mono<Long> delete(String slug) {
		return this.database.sql("""
				with deleted as (delete from article where slug = :slug returning id),
				     visitors as (delete from article_visitor where article_id in (select id from deleted)),
				     minutes as (delete from audience_minute where article_id in (select id from deleted)),
				     hours as (delete from audience_hour where article_id in (select id from deleted)),
				     hosts as (delete from referrer_hour where article_id in (select id from deleted))
				select id from deleted""")
			.bind("slug", slug)
			.map((row) -> row.get("id", Long.class))
			.one();
	}

	Mono<ArticleDirectory.Entry> findEntryBySlug(String slug) {
		return this.database.sql("select id, url from article where slug = :slug")
			.bind("slug", slug)
			.map((row) -> new ArticleDirectory.Entry(row.get("id", Long.class), hostOf(row.get("url", String.class))))
			.one();
	}

	private static @Nullable String hostOf(@Nullable String url) {
		if (url == null) {
			return null;
		}
		try {
			String host = URI.create(url).getHost();
			return (host != null) ? host.toLowerCase(Locale.ROOT) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static <T> GenericExecuteSpec bind(GenericExecuteSpec spec, String name, @Nullable T value,
			Class<T> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	private ArticleRow toRow(Readable row) {
		return withStats(row, this.stats.toStats(row));
	}

	private static ArticleRow withStats(Readable row, Stats stats) {
		return new ArticleRow(row.get("id", Long.class), row.get("slug", String.class), row.get("title", String.class),
				row.get("url", String.class), row.get("section", String.class), row.get("summary", String.class),
				row.get("published_at", Instant.class), row.get("updated_at", Instant.class), stats);
	}

	/**
	 * An article as stored.
	 */
	record ArticleRow(long id, String slug, String title, String url, @Nullable String section,
			@Nullable String summary, Instant publishedAt, Instant updatedAt, Stats stats) {

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
