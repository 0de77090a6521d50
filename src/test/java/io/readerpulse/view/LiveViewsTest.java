package io.readerpulse.view;

import org.junit.jupiter.api.Test;

import io.readerpulse.audience.Referral;
import io.readerpulse.live.LiveChanges;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pending views told to open streams: counted under the latest mark only, however the stripes merge.
 */
class LiveViewsTest {

	@Test
	void viewsToldToAClosedTopicOrToNoneAreNotAnnounced() {
		LiveViews views = new LiveViews();
		views.add(0);
		assertThat(views.announced()).isEqualTo(LiveChanges.Announced.NONE);
		views.add(3);
		views.add(3);
		views.add(0);
		views.add(5);
		views.add(3);
		views.add(5);
		assertThat(views.announced()).isEqualTo(new LiveChanges.Announced(5, 2));
	}

	@Test
	void stripesMergeUnderTheLatestMark() {
		LiveViews first = new LiveViews();
		first.add(4);
		first.add(4);
		LiveViews second = new LiveViews();
		second.add(4);
		LiveViews older = new LiveViews();
		older.add(2);
		first.addAll(second);
		first.addAll(older);
		assertThat(first.announced()).isEqualTo(new LiveChanges.Announced(4, 3));
		older.addAll(first);
		assertThat(older.announced()).isEqualTo(new LiveChanges.Announced(4, 3));
	}

	@Test
	void aDrainedDeltaAnnouncesTheViewsOfEveryStripe() throws InterruptedException {
		PendingViews pending = new PendingViews(1000);
		pending.add(7, 1, 0, Referral.DIRECT, 9);
		Thread other = new Thread(() -> pending.add(7, 2, 0, Referral.DIRECT, 9));
		other.start();
		other.join();
		pending.add(7, 3, 0, Referral.DIRECT, 0);
		ViewDelta delta = pending.drain().get(7L);
		assertThat(delta.views()).isEqualTo(3);
		assertThat(delta.announced()).isEqualTo(new LiveChanges.Announced(9, 2));
	}

}
