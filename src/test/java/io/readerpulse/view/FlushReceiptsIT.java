package io.readerpulse.view;

import io.readerpulse.audience.Referral;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of views is written once however often it is written, and receipts are kept a day.
 */
class FlushReceiptsIT extends IntegrationTest {

	@Autowired
	private ViewWriter writer;

	@Autowired
	private FlushReceipts receipts;

	@Test
	void aBatchWrittenAgainWritesNothingAndAnnouncesNothing() {
		String slug = newArticle();
		long articleId = articleId(slug);
		PendingViews pending = new PendingViews(1000);
		pending.add(articleId, 1, 0, Referral.DIRECT, 0);
		pending.add(articleId, 2, 0, Referral.DIRECT, 0);
		FlushBatch batch = FlushBatch.of(pending.drain());

		assertThat(this.writer.write(batch).collectList().block()).singleElement()
			.satisfies((totals) -> assertThat(totals.views()).isEqualTo(2));
		assertThat(this.writer.write(batch).collectList().block()).as("written already").isEmpty();
		assertThat(this.database.sql("select views, unique_visitors from article_stats where article_id = :id")
			.bind("id", articleId)
			.map((row) -> row.get("views", Long.class) + "/" + row.get("unique_visitors", Long.class))
			.one()
			.block()).isEqualTo("2/2");
	}

	@Test
	void receiptsOlderThanADayAreDeletedAndNewerOnesKept() {
		UUID old = UUID.randomUUID();
		UUID recent = UUID.randomUUID();
		this.database.sql("""
				insert into view_flush (id, at)
				values (:old, now() - interval '25 hours'), (:recent, now() - interval '23 hours')""")
			.bind("old", old)
			.bind("recent", recent)
			.then()
			.block();

		this.receipts.prune().block();
		assertThat(this.database.sql("select id from view_flush where id in (:old, :recent)")
			.bind("old", old)
			.bind("recent", recent)
			.map((row) -> row.get("id", UUID.class))
			.all()
			.collectList()
			.block()).containsExactly(recent);
	}

}
