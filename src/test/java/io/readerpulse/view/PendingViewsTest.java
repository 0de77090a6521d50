package io.readerpulse.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.readerpulse.audience.Referral;
import io.readerpulse.audience.Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class PendingViewsTest {

	@Test
	void drainingWhileCountingLosesAndDuplicatesNothing() throws Exception {
		PendingViews pending = new PendingViews(Integer.MAX_VALUE);
		int threads = 8;
		int perThread = 50_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> writers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			long base = (long) t * perThread;
			writers.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < perThread; i++) {
					pending.add(i % 3, base + i, 0, Referral.DIRECT, 0);
				}
				return null;
			}));
		}
		long views = 0;
		long visitors = 0;
		AtomicBoolean done = new AtomicBoolean();
		start.countDown();
		while (!done.get()) {
			done.set(writers.stream().allMatch(Future::isDone));
			for (Map.Entry<Long, ViewDelta> entry : pending.drain().entrySet()) {
				views += entry.getValue().views();
				visitors += entry.getValue().visitors().length;
			}
		}
		for (ViewDelta delta : pending.drain().values()) {
			views += delta.views();
			visitors += delta.visitors().length;
		}
		pool.shutdown();
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(views).isEqualTo((long) threads * perThread);
		assertThat(visitors).isEqualTo((long) threads * perThread);
	}

	@Test
	void visitorsBeyondTheBoundAreDroppedButViewsStillCount() {
		// The bound is shared out between stripes; one thread fills its own stripe's part.
		PendingViews pending = new PendingViews(1);
		assertThat(pending.add(7, 1, 0, Referral.DIRECT, 0)).isTrue();
		assertThat(pending.add(7, 2, 0, Referral.DIRECT, 0)).isFalse();
		ViewDelta delta = pending.drain().get(7L);
		assertThat(delta.views()).isEqualTo(2);
		assertThat(delta.visitors()).containsExactly(1);
		assertThat(pending.add(7, 3, 0, Referral.DIRECT, 0)).as("draining frees room").isTrue();
	}

	@Test
	void viewsAndEngagedTimeAreKeptPerMinuteAndSource() {
		PendingViews pending = new PendingViews(100);
		Referral search = new Referral(Source.SEARCH, "www.google.com");
		pending.add(7, 1, 100, Referral.DIRECT, 0);
		pending.add(7, 2, 100, search, 0);
		pending.add(7, 3, 101, search, 0);
		pending.engaged(7, 101, 15);
		pending.engaged(8, 101, 15);
		Map<Long, ViewDelta> drained = pending.drain();

		ViewDelta seven = drained.get(7L);
		assertThat(seven.views()).isEqualTo(3);
		assertThat(seven.minutes()).extracting((m) -> m.minute, (m) -> m.views, (m) -> m.engagedSeconds,
				(m) -> m.sources[Source.DIRECT.ordinal()], (m) -> m.sources[Source.SEARCH.ordinal()])
			.containsExactlyInAnyOrder(tuple(100L, 2L, 0L, 1L, 1L), tuple(101L, 1L, 15L, 0L, 1L));
		// Minutes 100 and 101 are both in hour 1.
		assertThat(seven.hosts()).containsExactly(entry(new HostHour(1, "www.google.com"), 2L));
		ViewDelta eight = drained.get(8L);
		assertThat(eight.views()).as("a ping is no view").isZero();
		assertThat(eight.minutes()).extracting((m) -> m.engagedSeconds).containsExactly(15L);
	}

	@Test
	void referringHostsPerStoryAreBounded() {
		PendingViews pending = new PendingViews(100_000);
		for (int i = 0; i < ViewDelta.MAX_HOSTS + 50; i++) {
			pending.add(7, i, 0, new Referral(Source.OTHER, "site" + i + ".example"), 0);
		}
		pending.add(7, -1, 0, new Referral(Source.OTHER, "site0.example"), 0);
		ViewDelta delta = pending.drain().get(7L);
		assertThat(delta.hosts()).hasSize(ViewDelta.MAX_HOSTS);
		assertThat(delta.hosts()).as("a host already kept still adds").containsEntry(new HostHour(0, "site0.example"), 2L);
		assertThat(delta.minutes()).extracting((m) -> m.sources[Source.OTHER.ordinal()])
			.as("every view still counts in its source")
			.containsExactly((long) ViewDelta.MAX_HOSTS + 51);
	}

}
