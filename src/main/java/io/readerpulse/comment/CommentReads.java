package io.readerpulse.comment;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Reading comments: a story's published ones, the moderation queues, and what the posting rules check.
 */
@Component
final class CommentReads {

	private final DatabaseClient database;

	CommentReads(DatabaseClient database) {
		this.database = database;
	}

	Mono<Boolean> isPublishedOn(long commentId, long articleId) {
		return this.database.sql("""
				select exists (select 1 from comment where id = :id and article_id = :article
				               and status = 'PUBLISHED') as present""")
			.bind("id", commentId)
			.bind("article", articleId)
			.map((row) -> Boolean.TRUE.equals(row.get("present", Boolean.class)))
			.one();
	}

	Flux<StoredComment> published(long articleId, long afterId, int limit) {
		return this.database.sql("""
				select c.id, c.article_id, a.slug, c.parent_id, c.author_name, c.email, c.body, c.created_at, c.status
				from comment c join article a on a.id = c.article_id
				where c.article_id = :article and c.status = 'PUBLISHED' and c.id > :after order by c.id limit :limit""")
			.bind("article", articleId)
			.bind("after", afterId)
			.bind("limit", limit)
			.map(StoredComment::of)
			.all();
	}

	Flux<StoredComment> byStatus(CommentStatus status, long afterId, int limit) {
		return this.database.sql("""
				select c.id, c.article_id, a.slug, c.parent_id, c.author_name, c.email, c.body, c.created_at, c.status
				from comment c join article a on a.id = c.article_id
				where c.status = :status and c.id > :after order by c.id limit :limit""")
			.bind("status", status.name())
			.bind("after", afterId)
			.bind("limit", limit)
			.map(StoredComment::of)
			.all();
	}

}
