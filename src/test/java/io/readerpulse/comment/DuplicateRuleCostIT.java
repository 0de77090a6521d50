package io.readerpulse.comment;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import io.readerpulse.IntegrationTest;
import io.readerpulse.comment.CommentWrites.Written;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The duplicate rule's cost does not grow with what the sender wrote before. Readers behind one address (an
 * office, a mobile carrier's NAT) are one sender, and on a viral story they write thousands of comments
 * within the rule's window: a check that read all of them would slow every comment of the story, since each
 * is written while the story's row is held. Here the sender has thirty comments on each of a hundred
 * stories, so a check that reads them shows as thirty rows.
 * <p>
 * Each write runs in a transaction that is rolled back, and the test counts the rows of {@code comment} and
 * of its indexes that the transaction's scans returned. It does so under both plans a connection may use: one
 * made for the values at hand, and the generic one PostgreSQL keeps for a statement it has run a few times.
 */
class DuplicateRuleCostIT extends IntegrationTest {

	private static final long SENDER = 4242;

	private static final int STORIES = 100;

	private static final int EARLIER = 30;

	// The repeat's earlier comment, and the foreign key check of the new comment's event.
	private static final long A_HANDFUL = 5;

	@Autowired
	private CommentWrites writes;

	@Autowired
	private TransactionalOperator transactions;

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void publishingReadsOnlyTheSendersCommentsWithTheSameText(String plans) {
		long articleId = storyWithManyCommentsFromOneSender();

		Cost<List<Optional<Written>>> publish = measured(plans,
				this.writes.insertPublished(articleId, List.of(comment("Comment 7 from the office"), comment("Something new"))));

		assertThat(publish.result()).extracting(Optional::isPresent).as("the repeat refused, the new text written")
			.containsExactly(false, true);
		assertThat(publish.commentRowsRead()).as("rows of comment read").isLessThanOrEqualTo(A_HANDFUL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void publishingALoneCommentReadsOnlyTheSendersCommentsWithTheSameText(String plans) {
		long articleId = storyWithManyCommentsFromOneSender();

		Cost<List<Optional<Written>>> repeat = measured(plans,
				this.writes.insertPublished(articleId, List.of(comment("Comment 7 from the office"))));
		Cost<List<Optional<Written>>> fresh = measured(plans,
				this.writes.insertPublished(articleId, List.of(comment("Something new"))));

		assertThat(repeat.result()).extracting(Optional::isPresent).as("the repeat refused").containsExactly(false);
		assertThat(fresh.result()).extracting(Optional::isPresent).as("the new text written").containsExactly(true);
		assertThat(repeat.commentRowsRead()).as("rows of comment read for the repeat").isLessThanOrEqualTo(A_HANDFUL);
		assertThat(fresh.commentRowsRead()).as("rows of comment read for the new text").isLessThanOrEqualTo(A_HANDFUL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void holdingANewTextReadsNoneOfTheSendersComments(String plans) {
		long articleId = storyWithManyCommentsFromOneSender();

		Cost<StoredComment> hold = measured(plans, this.writes.insertHeld(articleId, comment("Something new")));

		assertThat(hold.result().comment().status()).isEqualTo(CommentStatus.PENDING);
		assertThat(hold.commentRowsRead()).as("rows of comment read").isZero();
	}

	/**
	 * A hundred stories with thirty comments each from one sender, as a busy office leaves them: a plan that
	 * reads a story's comments and filters them costs thirty rows for each new comment, and looks cheap to the
	 * planner when it does not know the story.
	 */
	private long storyWithManyCommentsFromOneSender() {
		String prefix = "office-" + unique() + "-";
		List<Long> stories = this.database.sql("""
				with a as (insert into article (slug, title, url, published_at, updated_at)
				           select :prefix || i, 'Story', 'https://news.example.com/' || :prefix || i, now(), now()
				           from generate_series(1, :stories) i returning id)
				insert into article_stats (article_id) select id from a returning article_id""")
			.bind("prefix", prefix)
			.bind("stories", STORIES)
			.map((row) -> row.get("article_id", Long.class))
			.all()
			.collectList()
			.block();
		this.database.sql("""
				insert into comment (article_id, author_name, email, body, status, sender)
				select story, 'Reader', 'reader@example.com', 'Comment ' || g || ' from the office', 'PUBLISHED', :sender
				from unnest(:stories::bigint[]) story, generate_series(1, :count) g""")
			.bind("stories", stories.toArray(Long[]::new))
			.bind("sender", SENDER)
			.bind("count", EARLIER)
			.then()
			.then(this.database.sql("analyze comment").then())
			.block();
		return stories.get(0);
	}

	private static NewComment comment(String body) {
		return new NewComment(new PostCommentRequest("Reader", "reader@example.com", body, null), SENDER);
	}

	/**
	 * Runs the write with the given plan cache mode, counting what it reads, and rolls it back. The counts are
	 * the connection's own since its last report, which it makes only between transactions: the difference
	 * across the write is the write's.
	 */
	private <T> Cost<T> measured(String plans, Mono<T> write) {
		return this.transactions.execute((status) -> {
			status.setRollbackOnly();
			return this.database.sql("select set_config('plan_cache_mode', :plans, true)")
				.bind("plans", plans)
				.then()
				.then(commentRowsReadSoFar())
				.flatMap((before) -> write.flatMap((result) -> commentRowsReadSoFar()
					.map((after) -> new Cost<>(result, after - before))));
		}).single().block();
	}

	private Mono<Long> commentRowsReadSoFar() {
		return this.database.sql("""
				select coalesce(sum(pg_stat_get_xact_tuples_returned(oid)), 0)::bigint as rows from pg_class
				where oid = 'comment'::regclass
				   or oid in (select indexrelid from pg_index where indrelid = 'comment'::regclass)""")
			.map((row) -> row.get("rows", Long.class))
			.one();
	}

	private record Cost<T>(T result, long commentRowsRead) {
	}

}
