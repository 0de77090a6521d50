package io.readerpulse.view;

import java.util.ArrayList;
import java.util.List;

import io.readerpulse.audience.Referral;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlushBatchesTest {

	private final PendingViews pending = new PendingViews(1000);

	private final List<Long> dropped = new ArrayList<>();

	private final FlushBatches batches = new FlushBatches(this.pending::drain, 1000, 1000, this.dropped::add);

	@Test
	void everyDrainIsANewBatchUnderAnIdOfItsOwn() {
		assertThat(this.batches.drain()).as("nothing pending").isNull();
		this.pending.add(1, 100, 0, Referral.DIRECT, 0);
		FlushBatch first = this.batches.drain();
		this.batches.written(first);
		this.pending.add(1, 101, 0, Referral.DIRECT, 0);
		FlushBatch second = this.batches.drain();

		assertThat(second.id()).isNotEqualTo(first.id());
		assertThat(second.deltas().get(1L).visitors()).containsExactly(101);
		assertThat(this.batches.failed()).isNull();
	}

	@Test
	void aFailedBatchIsRetriedAsItWasBeforeAnyViewCountedSince() {
		this.pending.add(1, 100, 0, Referral.DIRECT, 0);
		this.pending.add(1, 101, 0, Referral.DIRECT, 0);
		FlushBatch failed = this.batches.drain();
		this.batches.failed(failed);
		this.pending.add(1, 102, 0, Referral.DIRECT, 0);
		this.pending.add(2, 200, 0, Referral.DIRECT, 0);

		assertThat(this.batches.failed()).isSameAs(failed);
		assertThat(this.batches.drain()).as("newer views wait while it does").isNull();
		assertThat(failed.deltas()).containsOnlyKeys(1L);
		assertThat(failed.deltas().get(1L).views()).isEqualTo(2);
		assertThat(failed.deltas().get(1L).visitors()).containsExactlyInAnyOrder(100, 101);

		this.batches.written(failed);
		FlushBatch next = this.batches.drain();
		assertThat(this.batches.failed()).isNull();
		assertThat(next.id()).isNotEqualTo(failed.id());
		assertThat(next.deltas()).containsOnlyKeys(1L, 2L);
		assertThat(next.deltas().get(1L).visitors()).containsExactly(102);
	}

	@Test
	void aBatchFailingAgainStaysTheOneToRetry() {
		this.pending.add(1, 100, 0, Referral.DIRECT, 0);
		FlushBatch failed = this.batches.drain();
		this.batches.failed(failed);
		this.batches.failed(this.batches.failed());

		assertThat(this.batches.failed()).isSameAs(failed);
	}

	@Test
	void aBatchTakesAtMostItsShareOfVisitorsAndTheNextTakesTheRest() {
		FlushBatches bounded = new FlushBatches(this.pending::drain, 2, 1000, this.dropped::add);
		this.pending.add(1, 100, 0, Referral.DIRECT, 0);
		this.pending.add(1, 101, 0, Referral.DIRECT, 0);
		this.pending.add(1, 102, 0, Referral.DIRECT, 0);
		this.pending.add(2, 200, 0, Referral.DIRECT, 0);

		FlushBatch first = bounded.drain();
		assertThat(visitors(first)).hasSize(2);
		assertThat(first.deltas().get(1L).views()).as("every view goes with the first").isEqualTo(3);
		assertThat(first.deltas().get(2L).views()).isEqualTo(1);
		assertThat(bounded.behind()).isTrue();
		bounded.written(first);

		FlushBatch second = bounded.drain();
		assertThat(visitors(second)).hasSize(2);
		assertThat(second.deltas().values()).allSatisfy((delta) -> assertThat(delta.views()).isZero());
		assertThat(bounded.behind()).isFalse();
		assertThat(bounded.drain()).as("nothing left").isNull();
		List<Long> all = new ArrayList<>(visitors(first));
		all.addAll(visitors(second));
		assertThat(all).containsExactlyInAnyOrder(100L, 101L, 102L, 200L);
		assertThat(this.dropped).isEmpty();
	}

	@Test
	void visitorsLeftOverGoWithTheViewsCountedSince() {
		FlushBatches bounded = new FlushBatches(this.pending::drain, 1, 1000, this.dropped::add);
		this.pending.add(1, 100, 0, Referral.DIRECT, 0);
		this.pending.add(1, 101, 0, Referral.DIRECT, 0);
		bounded.written(bounded.drain());
		this.pending.add(1, 102, 0, Referral.DIRECT, 0);

		FlushBatch next = bounded.drain();
		assertThat(next.deltas().get(1L).views()).isEqualTo(1);
		assertThat(visitors(next)).hasSize(1);
		bounded.written(next);
		assertThat(visitors(bounded.drain())).hasSize(1);
		assertThat(bounded.behind()).isFalse();
	}

	@Test
	void whileAFailedBatchWaitsTheFlusherIsNotBehindAndTheRestKeeps() {
		FlushBatches bounded = new FlushBatches(this.pending::drain, 1, 1000, this.dropped::add);
		this.pending.add(1, 100, 0, Referral.DIRECT, 0);
		this.pending.add(1, 101, 0, Referral.DIRECT, 0);
		FlushBatch failed = bounded.drain();
		bounded.failed(failed);

		assertThat(bounded.behind()).as("nothing to write before the retry").isFalse();
		bounded.written(failed);
		assertThat(bounded.behind()).isTrue();
		assertThat(visitors(bounded.drain())).doesNotContainAnyElementsOf(visitors(failed)).hasSize(1);
	}

	@Test
	void aBacklogBeyondItsBoundDropsFingerprintsNotViews() {
		FlushBatches bounded = new FlushBatches(this.pending::drain, 1, 2, this.dropped::add);
		for (int visitor = 100; visitor < 105; visitor++) {
			this.pending.add(1, visitor, 0, Referral.DIRECT, 0);
		}

		FlushBatch first = bounded.drain();
		assertThat(first.deltas().get(1L).views()).isEqualTo(5);
		assertThat(visitors(first)).hasSize(1);
		assertThat(this.dropped).containsExactly(2L);
		bounded.written(first);
		bounded.written(bounded.drain());
		assertThat(visitors(bounded.drain())).hasSize(1);
		assertThat(bounded.drain()).isNull();
	}

	private static List<Long> visitors(FlushBatch batch) {
		List<Long> visitors = new ArrayList<>();
		batch.deltas().values().forEach((delta) -> {
			for (long visitor : delta.visitors()) {
				visitors.add(visitor);
			}
		});
		return visitors;
	}

}
