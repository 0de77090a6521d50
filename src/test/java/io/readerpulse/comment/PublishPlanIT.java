package io.readerpulse.comment;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection plans the publishing statement a few times, then runs it as planned: planning it for every
 * comment was about half of the database's time for a comment. PostgreSQL makes a plan per run for the first
 * five runs of a prepared statement, then keeps a generic one if that looks no dearer, which it counts per
 * statement in {@code pg_prepared_statements}.
 */
class PublishPlanIT extends IntegrationTest {

	@Autowired
	private CommentWrites writes;

	@Autowired
	private TransactionalOperator transactions;

	@Test
	void theConnectionRunsThePublishingStatementWithoutPlanningItForEachComment() {
		long articleId = this.database.sql("select id from article where slug = :slug")
			.bind("slug", newArticle())
			.map((row) -> row.get("id", Long.class))
			.one()
			.block();
		// A service that has run for a while: with a handful of comments, any plan looks cheap.
		this.database.sql("""
				insert into comment (article_id, author_name, email, body, status, sender)
				select :article, 'Reader', 'reader@example.com', 'Earlier comment ' || g, 'PUBLISHED', g % 100
				from generate_series(1, 5000) g""")
			.bind("article", articleId)
			.then()
			.then(this.database.sql("analyze comment").then())
			.block();

		// One transaction, so one connection and its prepared statements; rolled back. The connection may have
		// run the statement before, so what counts is what the eight runs add.
		List<Plans> counts = this.transactions.execute((status) -> {
			status.setRollbackOnly();
			return plans().flatMap((before) -> Flux.range(1, 8)
				.concatMap((i) -> this.writes.insertPublished(articleId, List.of(comment("Comment " + i))))
				.then(plans())
				.map((after) -> List.of(before, after)));
		}).single().block();

		long generic = counts.get(1).generic() - counts.get(0).generic();
		long custom = counts.get(1).custom() - counts.get(0).custom();
		assertThat(generic + custom).as("runs of the publishing statement").isEqualTo(8);
		assertThat(generic).as("runs with the connection's kept plan").isGreaterThanOrEqualTo(3);
	}

	private Mono<Plans> plans() {
		return this.database.sql("""
				select coalesce(sum(generic_plans), 0)::bigint as generic, coalesce(sum(custom_plans), 0)::bigint as custom
				from pg_prepared_statements where statement like '%overriding system value%'""")
			.map((row) -> new Plans(row.get("generic", Long.class), row.get("custom", Long.class)))
			.one();
	}

	private static NewComment comment(String body) {
		return new NewComment(new PostCommentRequest("Reader", "reader@example.com", body, null), 4242L);
	}

	private record Plans(long generic, long custom) {
	}

}
