import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Comment benchmark, run by comments.sh: measures (1) comment POST latency at a steady RATE per second, then
 * opens READERS live streams on the story and measures (2) how long a posted comment takes to reach them all.
 * Plain JDK, no dependencies: java src/bench/CommentBench.java http://localhost:18082 story-slug
 */
public class CommentBench {

	static final int READERS = Integer.getInteger("readers", 1000);

	static final int RATE = Integer.getInteger("rate", 200);

	static final int SECONDS = Integer.getInteger("seconds", 15);

	static final int WARMUP = Integer.getInteger("warmup", 60);

	static final Pattern COMMENT = Pattern.compile("^data:\\{\"id\":(\\d+),");

	static final Map<Long, AtomicInteger> received = new ConcurrentHashMap<>();

	static final Map<Long, Long> allReceivedAt = new ConcurrentHashMap<>();

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String slug = args[1];
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.executor(Executors.newFixedThreadPool(4)).build();
		// Warm the JIT and the connection pool first (a minute at half the rate, not measured): on a small
		// machine the compiled code takes that long to arrive, and cold figures say nothing about the service.
		steady(http, base, slug, Math.max(1, RATE / 2), WARMUP, "warm-up");
		List<Long> sorted = steady(http, base, slug, RATE, SECONDS, "steady");
		System.out.printf("POST at %d/s for %d s: %d of %d ok, p50 %.1f ms, p99 %.1f ms%n", RATE, SECONDS,
				sorted.size(), RATE * SECONDS, sorted.get(sorted.size() / 2) / 1e6,
				sorted.get((int) (sorted.size() * 0.99)) / 1e6);

		CountDownLatch connected = new CountDownLatch(READERS);
		for (int i = 0; i < READERS; i++) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/articles/" + slug + "/stream"))
				.header("Accept", "text/event-stream").build();
			http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Reader(connected)));
			if (i % 200 == 199) {
				Thread.sleep(200);
			}
		}
		if (!connected.await(60, TimeUnit.SECONDS)) {
			System.out.println("only " + (READERS - connected.getCount()) + " streams connected");
		}
		System.out.printf("%d live streams open%n", READERS);

		List<Long> fanout = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			long started = System.nanoTime();
			long id = post(http, base, slug, "fan-out " + i).get().id;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!allReceivedAt.containsKey(id) && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			Long at = allReceivedAt.get(id);
			fanout.add((at != null) ? at - started : -1);
			Thread.sleep(100);
		}
		Collections.sort(fanout);
		System.out.printf("comment to all %d streams (POST sent -> last stream got it): p50 %.1f ms, max %.1f ms%n",
				READERS, fanout.get(fanout.size() / 2) / 1e6, fanout.get(fanout.size() - 1) / 1e6);

		System.exit(0);
	}

	static List<Long> steady(HttpClient http, String base, String slug, int rate, int seconds, String label)
			throws InterruptedException {
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger sent = new AtomicInteger();
		int total = rate * seconds;
		CountDownLatch done = new CountDownLatch(total);
		long period = TimeUnit.SECONDS.toNanos(1) / rate;
		ticker.scheduleAtFixedRate(() -> {
			int n = sent.getAndIncrement();
			if (n >= total) {
				return;
			}
			long started = System.nanoTime();
			post(http, base, slug, label + " " + n).whenComplete((result, ex) -> {
				if (ex == null && result.status == 201) {
					latencies.add(System.nanoTime() - started);
				}
				done.countDown();
			});
		}, 0, period, TimeUnit.NANOSECONDS);
		done.await(seconds + 60, TimeUnit.SECONDS);
		ticker.shutdownNow();
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		return sorted;
	}

	record Posted(int status, long id) {
	}

	static CompletableFuture<Posted> post(HttpClient http, String base, String slug, String body) {
		String json = "{\"name\":\"Bench\",\"email\":\"bench@example.com\",\"body\":\"" + body + " "
				+ System.nanoTime() + "\"}";
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/articles/" + slug + "/comments"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply((response) -> {
			Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(response.body());
			return new Posted(response.statusCode(), id.find() ? Long.parseLong(id.group(1)) : -1);
		});
	}

	static final class Reader implements Flow.Subscriber<String> {

		private final CountDownLatch connected;

		private boolean first = true;

		Reader(CountDownLatch connected) {
			this.connected = connected;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			if (this.first && line.startsWith("event:stats")) {
				this.first = false;
				this.connected.countDown();
			}
			Matcher matcher = COMMENT.matcher(line);
			if (matcher.find()) {
				long id = Long.parseLong(matcher.group(1));
				if (received.computeIfAbsent(id, (k) -> new AtomicInteger()).incrementAndGet() == READERS) {
					allReceivedAt.put(id, System.nanoTime());
				}
			}
		}

		@Override
		public void onError(Throwable throwable) {
		}

		@Override
		public void onComplete() {
		}

	}

}
