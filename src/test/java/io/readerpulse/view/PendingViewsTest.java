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

import static org.assertj.core.api.Assertions.assertThat;

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
					pending.add(i % 3, base + i);
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
			for (Map.Entry<Long, PendingViews.Delta> entry : pending.drain().entrySet()) {
				views += entry.getValue().views();
				visitors += entry.getValue().visitors().length;
			}
		}
		for (PendingViews.Delta delta : pending.drain().values()) {
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
		assertThat(pending.add(7, 1)).isTrue();
		assertThat(pending.add(7, 2)).isFalse();
		PendingViews.Delta delta = pending.drain().get(7L);
		assertThat(delta.views()).isEqualTo(2);
		assertThat(delta.visitors()).containsExactly(1);
		assertThat(pending.add(7, 3)).as("draining frees room").isTrue();
	}

}
