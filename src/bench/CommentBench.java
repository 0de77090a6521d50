import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Comment benchmark, run by comments.sh: measures (1) comment POST latency at a steady RATE per second on one
 * story, then opens READERS live streams on it and measures (2) how long a posted comment takes to reach
 * them all.
 * Plain JDK, no dependencies: java src/bench/CommentBench.java http://localhost:18082 story-slug
 */
public class CommentBench {

	static final int READERS = Integer.getInteger("readers", 1000);

	static final int RATE = Integer.getInteger("rate", 200);

	static final int SECONDS = Integer.getInteger("seconds", 15);

	static final int WARMUP = Integer.getInteger("warmup", 60);

	static final int CONNECTIONS = Integer.getInteger("connections", 64);

	static final Pattern COMMENT = Pattern.compile("^data:\\{\"id\":(\\d+),");

	static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

	static final AtomicLong COUNTER = new AtomicLong();

	static final Map<Long, AtomicInteger> received = new ConcurrentHashMap<>();

	static final Map<Long, Long> allReceivedAt = new ConcurrentHashMap<>();

	public static void main(String[] args) throws Exception {
		URI base = URI.create(args[0]);
		String slug = args[1];
		// Warm the JIT first (a minute at half the rate, not measured): on a small machine the compiled code
		// takes that long to arrive, and cold figures say nothing about the service.
		steady(base, slug, Math.max(1, RATE / 2), WARMUP);
		List<Long> sorted = steady(base, slug, RATE, SECONDS);
		System.out.printf("POST at %d/s for %d s: %d of %d ok, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", RATE, SECONDS,
				sorted.size(), RATE * SECONDS, percentile(sorted, 0.50), percentile(sorted, 0.99),
				percentile(sorted, 1.0));

		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.executor(Executors.newFixedThreadPool(2)).build();
		CountDownLatch connected = new CountDownLatch(READERS);
		for (int i = 0; i < READERS; i++) {
			HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/articles/" + slug + "/stream"))
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
		try (Connection connection = new Connection(base)) {
			for (int i = 0; i < 20; i++) {
				long started = System.nanoTime();
				long id = connection.post(slug, "fan-out " + i).id();
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (!allReceivedAt.containsKey(id) && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
				Long at = allReceivedAt.get(id);
				fanout.add((at != null) ? at - started : -1);
				Thread.sleep(100);
			}
		}
		Collections.sort(fanout);
		System.out.printf("comment to all %d streams (POST sent -> last stream got it): p50 %.1f ms, max %.1f ms%n",
				READERS, percentile(fanout, 0.50), percentile(fanout, 1.0));
		System.exit(0);
	}

	/**
	 * Posts {@code rate} comments a second, open loop: each has a due time on a fixed schedule and its latency
	 * counts from then, so time spent waiting for a free connection counts too (no coordinated omission).
	 * Plain blocking sockets on {@value #CONNECTIONS} threads keep the client's own CPU use small.
	 */
	static List<Long> steady(URI base, String slug, int rate, int seconds) throws Exception {
		int total = rate * seconds;
		BlockingQueue<Long> due = new LinkedBlockingQueue<>();
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch done = new CountDownLatch(total);
		AtomicInteger sequence = new AtomicInteger();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < CONNECTIONS; i++) {
			Thread worker = new Thread(() -> {
				try (Connection connection = new Connection(base)) {
					while (true) {
						long dueAt = due.take();
						if (connection.post(slug, "steady " + sequence.incrementAndGet()).status() == 201) {
							latencies.add(System.nanoTime() - dueAt);
						}
						done.countDown();
					}
				}
				catch (InterruptedException ex) {
					// finished
				}
				catch (IOException ex) {
					System.out.println("connection failed: " + ex);
				}
			});
			worker.setDaemon(true);
			worker.start();
			workers.add(worker);
		}
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
		long period = TimeUnit.SECONDS.toNanos(1) / rate;
		for (int i = 0; i < total; i++) {
			long at = start + i * period;
			long wait = at - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			due.put(at);
		}
		done.await(seconds + 60, TimeUnit.SECONDS);
		workers.forEach(Thread::interrupt);
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		return sorted;
	}

	static double percentile(List<Long> sorted, double fraction) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		return sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * fraction)) / 1e6;
	}

	record Posted(int status, long id) {
	}

	/**
	 * One keep-alive HTTP/1.1 connection that posts comments and reads the replies.
	 */
	static final class Connection implements AutoCloseable {

		private static final String RUN = Long.toString(System.nanoTime(), 36);

		private final Socket socket;

		private final OutputStream out;

		private final InputStream in;

		private final String host;

		Connection(URI base) throws IOException {
			this.socket = new Socket(base.getHost(), base.getPort());
			this.socket.setTcpNoDelay(true);
			this.out = new BufferedOutputStream(this.socket.getOutputStream());
			this.in = new BufferedInputStream(this.socket.getInputStream());
			this.host = base.getHost() + ":" + base.getPort();
		}

		Posted post(String slug, String text) throws IOException {
			// Each comment has its own text. All come from one address, so to the duplicate rule from one
			// sender, as from readers behind an office's or a carrier's NAT: the rule's check must not slow with it.
			String mark = RUN + "-" + COUNTER.incrementAndGet();
			byte[] body = ("{\"name\":\"Bench\",\"email\":\"r" + mark + "@example.com\",\"body\":\"" + text + " "
					+ mark + "\"}").getBytes(StandardCharsets.UTF_8);
			String head = "POST /api/articles/" + slug + "/comments HTTP/1.1\r\nHost: " + this.host
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
			this.out.write(head.getBytes(StandardCharsets.US_ASCII));
			this.out.write(body);
			this.out.flush();
			String status = line();
			int length = 0;
			for (String header = line(); !header.isEmpty(); header = line()) {
				if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
					length = Integer.parseInt(header.substring(15).trim());
				}
			}
			String reply = new String(this.in.readNBytes(length), StandardCharsets.UTF_8);
			Matcher id = ID.matcher(reply);
			return new Posted(Integer.parseInt(status.split(" ")[1]), id.find() ? Long.parseLong(id.group(1)) : -1);
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
				if (c < 0) {
					throw new EOFException("connection closed");
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

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
