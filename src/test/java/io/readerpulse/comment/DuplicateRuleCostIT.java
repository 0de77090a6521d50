package io.readerpulse.comment;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import io.readerpulse.IntegrationTest;
import io.readerpulse.trending.DecayCounters;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The duplicate rule's cost does not grow with what the sender wrote before. Readers behind one address (an
 * office, a mobile carrier's NAT) are one sender, and on a viral story they write thousands of comments
 * within the rule's window: a check that read all of them would slow every comment of the story, since each
 * is written while the story's row is held.
 * <p>
 * Each statement runs under {@code EXPLAIN ANALYZE} in a transaction that is rolled back, and the test counts
 * the stored comments its scans read.
 */
class DuplicateRuleCostIT extends IntegrationTest {

	private static final long SENDER = 4242;

	private static final int EARLIER = 3000;

	@Autowired
	private DecayCounters decay;

	@Autowired
	private TransactionalOperator transactions;

	private long articleId;

	@BeforeEach
	void aSenderWithThousandsOfRecentComments() {
		this.articleId = this.database.sql("select id from article where slug = :slug")
			.bind("slug", newArticle())
			.map((row) -> row.get("id", Long.class))
			.one()
			.block();
		this.database.sql("""
				insert into comment (article_id, author_name, email, body, status, sender)
				select :article, 'Reader', 'reader@example.com', 'Comment ' || g || ' from the office', 'PUBLISHED', :sender
				from generate_series(1, :count) g""")
			.bind("article", this.articleId)
			.bind("sender", SENDER)
			.bind("count", EARLIER)
			.then()
			.then(this.database.sql("analyze comment").then())
			.block();
	}

	@Test
	void publishingReadsOnlyTheSendersCommentsWithTheSameText() {
		GenericExecuteSpec publish = this.decay.bind(this.database.sql(explained(CommentStatements.INSERT_PUBLISHED)))
			.bind("article", this.articleId)
			.bind("window", 600.0)
			.bind("parents", new Long[] { null, null })
			.bind("names", new String[] { "Reader", "Reader" })
			.bind("emails", new String[] { "reader@example.com", "reader@example.com" })
			.bind("bodies", new String[] { "Comment 7 from the office", "Something new" })
			.bind("senders", new Long[] { SENDER, SENDER })
			.bind("weight", 1.0);

		JsonNode plan = analyze(publish);

		assertThat(commentRowsRead(plan)).as("rows of comment read").isLessThanOrEqualTo(2);
		assertThat(rowsInserted(plan)).as("the repeat is refused, the new text written").isEqualTo(1);
	}

	@Test
	void holdingANewTextReadsNoneOfTheSendersComments() {
		GenericExecuteSpec hold = this.database.sql(explained(CommentStatements.INSERT_HELD))
			.bind("article", this.articleId)
			.bind("window", 600.0)
			.bind("parent", Parameter.empty(Long.class))
			.bind("name", "Reader")
			.bind("email", "reader@example.com")
			.bind("body", "Something new")
			.bind("sender", SENDER);

		JsonNode plan = analyze(hold);

		assertThat(commentRowsRead(plan)).as("rows of comment read").isZero();
		assertThat(rowsInserted(plan)).as("the new text is written").isEqualTo(1);
	}

	private static String explained(String statement) {
		return "explain (analyze, format json) " + statement;
	}

	private JsonNode analyze(GenericExecuteSpec explain) {
		return this.transactions.execute((status) -> {
			status.setRollbackOnly();
			return explain.map((row) -> row.get(0, String.class)).one();
		}).next().map((text) -> this.json.readTree(text).get(0).get("Plan")).block();
	}

	/** Rows of {@code comment} that the plan's scans looked at, kept or filtered out. */
	private static long commentRowsRead(JsonNode plan) {
		long read = 0;
		for (JsonNode node : nodes(plan)) {
			if ("comment".equals(node.path("Relation Name").asString("")) && !node.has("Operation")) {
				long loops = node.path("Actual Loops").asLong(1);
				read += (node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
						+ node.path("Rows Removed by Index Recheck").asLong()) * loops;
			}
		}
		return read;
	}

	private static long rowsInserted(JsonNode plan) {
		return nodes(plan).stream()
			.filter((node) -> "Insert".equals(node.path("Operation").asString(""))
					&& "comment".equals(node.path("Relation Name").asString("")))
			.mapToLong((node) -> node.path("Actual Rows").asLong())
			.sum();
	}

	private static List<JsonNode> nodes(JsonNode plan) {
		List<JsonNode> all = new ArrayList<>(List.of(plan));
		for (int i = 0; i < all.size(); i++) {
			all.get(i).path("Plans").forEach(all::add);
		}
		return all;
	}

}
