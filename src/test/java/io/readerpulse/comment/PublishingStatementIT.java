package io.readerpulse.comment;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the database does again for every published comment, which on a viral story is hundreds of times a
 * second, each time while the story's row is held: planning the statement, and preparing the functions it
 * calls. Measured before they were taken out, planning was more than half of the statement's time in the
 * database, and preparing the functions about a tenth of PostgreSQL's (see "Where R4's time goes" in the
 * README).
 */
class PublishingStatementIT extends IntegrationTest {

	@Autowired
	private CommentWrites writes;

	@Autowired
	private TransactionalOperator transactions;

	@Test
	void aConnectionKeepsItsPlanForLoneComments() {
		long articleId = articleId(newArticle());
		aSiteWithComments();

		// One connection for all of them (a transaction, rolled back): its prepared statements tell how they
		// were planned. PostgreSQL plans the first five runs of a statement for their values, then keeps a
		// plan if it is as good; earlier tests may have run the statement on this connection already.
		Plans plans = this.transactions.execute((status) -> {
			status.setRollbackOnly();
			return plansSoFar().flatMap((before) -> Flux.range(1, 8)
				.concatMap((i) -> this.writes.insertPublished(articleId, List.of(comment("Lone comment " + i))))
				.then(plansSoFar())
				.map((after) -> new Plans(after.generic() - before.generic(), after.custom() - before.custom())));
		}).single().block();

		assertThat(plans.generic() + plans.custom()).as("runs").isEqualTo(8);
		assertThat(plans.generic()).as("runs with a kept plan").isGreaterThanOrEqualTo(3);
	}

	@Test
	void theCommentPayloadIsWrittenIntoTheStatementsThatBuildIt() {
		String plan = this.database.sql("""
				explain (verbose, costs off)
				select comment_json(c.id, 'a-story', c.parent_id, c.author_name, c.body, c.created_at, c.status)
				from comment c""")
			.map((row) -> row.get(0, String.class))
			.all()
			.collect(Collectors.joining("\n"))
			.block();

		assertThat(plan).contains("row_to_json").doesNotContain("comment_json(").doesNotContain("iso_instant(");
	}

	// Of the statements that publish comments, prepared on this connection.
	private Mono<Plans> plansSoFar() {
		return this.database.sql("""
				select coalesce(sum(generic_plans), 0)::bigint as generic, coalesce(sum(custom_plans), 0)::bigint as custom
				from pg_prepared_statements where statement like '%insert into comment (id, article_id%'""")
			.map((row) -> new Plans(row.get("generic", Long.class), row.get("custom", Long.class)))
			.one();
	}

	/**
	 * Comments on another story, as a site has them, known to the planner: how dear a plan looks depends on
	 * the size of the table and its indexes, and a plan made for ten comments at once looks cheap on a table
	 * with none.
	 */
	private void aSiteWithComments() {
		this.database.sql("""
				insert into comment (article_id, author_name, email, body, status, sender)
				select :article, 'Reader', 'reader@example.com', 'Earlier comment ' || g, 'PUBLISHED', g % 500
				from generate_series(1, 20000) g""")
			.bind("article", articleId(newArticle()))
			.then()
			.then(this.database.sql("analyze comment").then())
			.block();
	}

	private static NewComment comment(String body) {
		return new NewComment(new PostCommentRequest("Reader", "reader@example.com", body + " " + unique(), null), 77);
	}

	private record Plans(long generic, long custom) {
	}

}
