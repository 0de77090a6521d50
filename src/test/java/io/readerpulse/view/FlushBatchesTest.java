package io.readerpulse.view;

import io.readerpulse.audience.Referral;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlushBatchesTest {

	private final PendingViews pending = new PendingViews(1000);

	private final FlushBatches batches = new FlushBatches(this.pending::drain);

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

}
