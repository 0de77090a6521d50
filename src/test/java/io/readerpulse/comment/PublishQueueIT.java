package io.readerpulse.comment;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.IntegrationTest;
import io.readerpulse.comment.CommentWrites.Written;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit of published comments: comments that arrive while their story is being written go together,
 * in arrival order, and one bad comment does not take the others down with it.
 */
class PublishQueueIT extends IntegrationTest {

	@Autowired
	private PublishQueue queue;

	@Autowired
	private ConnectionFactory connections;

	@Test
	void commentsQueuedBehindABusyStoryAreWrittenTogetherInArrivalOrder() {
		long articleId = articleId(newArticle());
		// The first write waits for the story's row; the other 49 queue behind it meanwhile.
		List<CompletableFuture<Written>> results = publishWhileLocked(articleId,
				IntStream.range(0, 50).mapToObj((i) -> request("comment " + i, null)).toArray(NewComment[]::new));
		List<Written> written = results.stream().map(CompletableFuture::join).toList();

		assertThat(written).extracting((w) -> w.stored().comment().body())
			.containsExactlyElementsOf(IntStream.range(0, 50).mapToObj((i) -> "comment " + i).toList());
		assertThat(written).extracting((w) -> w.stored().comment().id()).isSorted().doesNotHaveDuplicates();
		assertThat(written).extracting((w) -> w.change().seq())
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 50).mapToObj(Long::valueOf).toList());
		assertThat(written).extracting((w) -> w.change().comments())
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 50).mapToObj(Long::valueOf).toList());
		// One statement, one transaction: the 49 that queued share their commit's time.
		assertThat(written.subList(1, 50)).extracting((w) -> w.stored().comment().createdAt()).containsOnly(
				written.get(1).stored().comment().createdAt());
		assertThat(written.get(0).stored().comment().createdAt()).isBefore(written.get(1).stored().comment().createdAt());
		assertThat(eventSeqs(articleId)).containsExactlyElementsOf(
				IntStream.rangeClosed(1, 50).mapToObj(Long::valueOf).toList());
	}

	@Test
	void aBadCommentInABatchFailsAloneAndLeavesNoGap() {
		long articleId = articleId(newArticle());
		// A reply to a comment that no longer exists: its batch fails as a whole, then goes one by one.
		List<CompletableFuture<Written>> results = publishWhileLocked(articleId, request("first", null),
				request("orphan", 999_999_999L), request("last", null));
		CompletableFuture<Written> first = results.get(0);
		CompletableFuture<Written> orphan = results.get(1);
		CompletableFuture<Written> last = results.get(2);
		assertThat(first.join().change().seq()).isEqualTo(1);
		assertThatThrownBy(orphan::join).isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(DataIntegrityViolationException.class);
		assertThat(last.join().change().seq()).isEqualTo(2);
		assertThat(last.join().change().comments()).isEqualTo(2);
		assertThat(eventSeqs(articleId)).containsExactly(1L, 2L);
	}

	@Test
	void aDoubleSubmitQueuedInOneBatchIsWrittenOnceAndLeavesNoGap() {
		long articleId = articleId(newArticle());
		// A double click: the same sender's same text twice, both waiting for one write.
		List<CompletableFuture<Written>> results = publishWhileLocked(articleId, request("double click", null),
				request("double click", null), request("something else", null));
		CompletableFuture<Written> first = results.get(0);
		CompletableFuture<Written> again = results.get(1);
		CompletableFuture<Written> other = results.get(2);
		assertThat(first.join().change().seq()).isEqualTo(1);
		assertThat(again.join()).as("refused as a duplicate: nothing written").isNull();
		assertThat(other.join().change().seq()).isEqualTo(2);
		assertThat(other.join().change().comments()).isEqualTo(2);
		assertThat(eventSeqs(articleId)).containsExactly(1L, 2L);
		// And once stored, the same text again is refused by the write itself.
		assertThat(this.queue.publish(articleId, request("double click", null)).blockOptional()).isEmpty();
		assertThat(eventSeqs(articleId)).containsExactly(1L, 2L);
	}

	@Test
	void honestCommentsBesideOneThePostgresqlCannotStoreAllPublish() {
		long articleId = articleId(newArticle());
		// Text PostgreSQL refuses (the API turns it away before; this checks the queue whatever the error).
		List<CompletableFuture<Written>> results = publishWhileLocked(articleId, request("first", null),
				new NewComment(new PostCommentRequest("Nul\u0000Name", "nul-" + unique() + "@example.com", "body", null), 1),
				request("last", null));
		CompletableFuture<Written> first = results.get(0);
		CompletableFuture<Written> unstorable = results.get(1);
		CompletableFuture<Written> last = results.get(2);
		assertThat(first.join().change().seq()).isEqualTo(1);
		assertThatThrownBy(unstorable::join).isInstanceOf(CompletionException.class);
		assertThat(last.join().change().seq()).isEqualTo(2);
		assertThat(eventSeqs(articleId)).containsExactly(1L, 2L);
	}

	private static NewComment request(String body, Long parentId) {
		return new NewComment(new PostCommentRequest("Reader", "reader-" + unique() + "@example.com", body, parentId), 1);
	}

	private List<Long> eventSeqs(long articleId) {
		return this.database.sql("select seq from comment_event where article_id = :article order by seq")
			.bind("article", articleId)
			.map((row) -> row.get("seq", Long.class))
			.all()
			.collectList()
			.block();
	}

	/**
	 * Publishes the comments in order while another transaction holds the story's row, so that the first
	 * write waits and the rest queue behind it for one batch; the row is let go once all are queued.
	 */
	private List<CompletableFuture<Written>> publishWhileLocked(long articleId, NewComment... comments) {
		Connection lock = holdStoryLock(articleId);
		try {
			return Arrays.stream(comments)
				.map((comment) -> this.queue.publish(articleId, comment).toFuture())
				.toList();
		}
		finally {
			release(lock);
		}
	}

	private Connection holdStoryLock(long articleId) {
		Connection connection = Mono.from(this.connections.create()).block();
		Mono.from(connection.beginTransaction()).block();
		Flux.from(connection.createStatement("select 1 from article_stats where article_id = $1 for update")
			.bind("$1", articleId)
			.execute()).flatMap((result) -> result.map((row, metadata) -> 1)).blockLast();
		return connection;
	}

	private static void release(Connection connection) {
		Mono.from(connection.rollbackTransaction()).then(Mono.from(connection.close())).block();
	}

}
