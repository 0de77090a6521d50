import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restart benchmark, run by restart.sh: what it costs when an instance carrying many live streams restarts.
 * <p>
 * Opens {@code streams} story streams on instance B, posts comments through instance A, then asks the
 * script to stop B ({@code @kill}) and start it again ({@code @start}), posting comments while B is down
 * and while its readers come back. Every stream reconnects as a browser's EventSource does: it waits the
 * {@code retry:} the server last sent, reconnects with {@code Last-Event-ID}, and tries again after the
 * same wait when the connection fails. It reports B's ready time, when the streams reconnected (per second
 * from ready), when each was live again (its first event after reconnecting), and whether each got every
 * comment exactly once, in order. At {@code @snapshot} (all live, every comment delivered) the script reads
 * the database's statement counts and B's metrics; at {@code @final}, {@code settle} seconds later, B's
 * stream gauge again.
 * <p>
 * Talks to the script on stdin/stdout: lines starting with {@code @} are requests, answered by one line.
 * Plain JDK, no dependencies: java src/bench/RestartBench.java http://localhost:A http://localhost:B slug
 */
public class RestartBench {

	static final int STREAMS = Integer.getInteger("streams", 10_000);

	// Connections opened at once at the start, so that the server's accept backlog never overflows; the
	// reconnects after the restart come as the server's jitter spreads them, not in waves.
	static final int WAVE = Integer.getInteger("wave", 500);

	static final int COMMENTS_BEFORE = Integer.getInteger("commentsBefore", 3);

	static final int COMMENTS_DOWN = Integer.getInteger("commentsDown", 5);

	static final int COMMENTS_DURING = Integer.getInteger("commentsDuring", 5);

	static final int COMMENTS_AFTER = Integer.getInteger("commentsAfter", 2);

	// The whole run ends by itself after this long, finished or not.
	static final int TIMEOUT_SECONDS = Integer.getInteger("timeout", 600);

	static final Pattern COMMENT_ID = Pattern.compile("^\\{\"id\":(\\d+)[,}]");

	static final BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

	static final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);

	public static void main(String[] args) throws Exception {
		URI a = URI.create(args[0]);
		URI b = URI.create(args[1]);
		String slug = args[2];
		Tracker tracker = new Tracker(STREAMS);
		Fleet fleet = new Fleet(new InetSocketAddress(b.getHost(), b.getPort()), "/api/articles/" + slug + "/stream",
				STREAMS, tracker);
		fleet.start();

		long opening = System.nanoTime();
		for (int from = 0; from < STREAMS; from += WAVE) {
			int to = Math.min(STREAMS, from + WAVE);
			fleet.connect(from, to);
			if (!await(() -> tracker.firstEvents.get() >= to, 30)) {
				System.out.printf("only %d of %d streams open after 30 s; going on%n", tracker.firstEvents.get(), to);
			}
		}
		System.out.printf("%d streams open on B in %.1f s (%d connection attempts)%n", tracker.firstEvents.get(),
				seconds(System.nanoTime() - opening), fleet.attempts.get());

		List<Long> posted = new ArrayList<>();
		try (Poster poster = new Poster(a, slug)) {
			for (int i = 0; i < COMMENTS_BEFORE; i++) {
				long sent = System.nanoTime();
				long id = poster.post("before the restart " + i);
				posted.add(id);
				if (!await(() -> tracker.readersOf(id) >= STREAMS, 30)) {
					System.out.printf("comment %d reached only %d streams%n", id, tracker.readersOf(id));
				}
				System.out.printf("comment %d (posted through A) reached all streams on B in %.0f ms%n", id,
						(System.nanoTime() - sent) / 1e6);
			}
			System.out.printf("retry: values sent to the streams: %s%n", tracker.retries());

			tracker.restarting = System.nanoTime();
			String[] stopped = ask("@kill").split(" ");
			long signalled = fromEpochMillis(Long.parseLong(stopped[1]));
			tracker.oldGone = fromEpochMillis(Long.parseLong(stopped[2]));
			for (int i = 0; i < COMMENTS_DOWN; i++) {
				posted.add(poster.post("while B is down " + i));
			}
			long started = fromEpochMillis(Long.parseLong(ask("@start").split(" ")[1]));
			long ready = awaitReady(b);
			if (ready < 0) {
				System.out.println("B did not become ready; giving up");
				System.exit(1);
			}
			tracker.ready = ready;
			System.out.printf("B: SIG%s, stopped in %.1f s, started again %.1f s later, ready %.1f s after its start "
					+ "(%.1f s after the signal)%n", System.getProperty("signal", "TERM"),
					seconds(tracker.oldGone - signalled), seconds(started - tracker.oldGone), seconds(ready - started),
					seconds(ready - signalled));
			System.out.printf("B's port accepted connections %.1f s after its start, %.1f s before it was ready "
					+ "(readiness answered meanwhile: %s; slowest answer %.1f s)%n", seconds(portOpen - started),
					seconds(ready - portOpen), notReady.isEmpty() ? "nothing" : notReady, seconds(slowestPoll));

			// Comments while the readers come back: the hand-over from replay to live is where a comment could
			// be lost or sent twice.
			for (int i = 0; i < COMMENTS_DURING && System.nanoTime() < deadline; i++) {
				posted.add(poster.post("while readers come back " + i));
				if (tracker.liveAgain.get() >= STREAMS) {
					break;
				}
				Thread.sleep(1000);
			}
			if (!await(() -> tracker.liveAgain.get() >= STREAMS, remainingSeconds())) {
				System.out.printf("only %d of %d streams live again%n", tracker.liveAgain.get(), STREAMS);
			}
			await(() -> posted.stream().allMatch((id) -> tracker.readersOf(id) >= STREAMS), 30);
			ask("@snapshot");
			for (int i = 0; i < COMMENTS_AFTER; i++) {
				long id = poster.post("after the restart " + i);
				posted.add(id);
				await(() -> tracker.readersOf(id) >= STREAMS, 30);
			}
		}
		// Streams that readers abandoned before the server answered must not stay counted once a heartbeat
		// has gone out to them.
		Thread.sleep(TimeUnit.SECONDS.toMillis(Integer.getInteger("settle", 30)));
		ask("@final");
		fleet.stop();
		tracker.report(posted);
		System.exit(0);
	}

	static boolean await(BooleanSupplier condition, long seconds) throws InterruptedException {
		long until = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > until) {
				return false;
			}
			Thread.sleep(10);
		}
		return true;
	}

	static long remainingSeconds() {
		return Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
	}

	/** Sends a request to the script and returns its answer. */
	static String ask(String request) throws IOException {
		System.out.println(request);
		System.out.flush();
		String answer = control.readLine();
		if (answer == null) {
			throw new EOFException("the script did not answer " + request);
		}
		return answer;
	}

	// When B's port first accepted a connection, and what its readiness answered before it said 200.
	static volatile long portOpen = -1;

	static final Map<String, Integer> notReady = new TreeMap<>();

	static long slowestPoll;

	/**
	 * Polls B's readiness every 20 ms.
	 * @return when it first answered 200, or -1 if it did not within the run's time
	 */
	static long awaitReady(URI b) throws InterruptedException {
		while (System.nanoTime() < deadline) {
			long polled = System.nanoTime();
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(b.getHost(), b.getPort()), 1000);
				if (portOpen < 0) {
					portOpen = System.nanoTime();
				}
				socket.setSoTimeout(5000);
				socket.getOutputStream().write(("GET /actuator/health/readiness HTTP/1.1\r\nHost: " + b.getHost()
						+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
				slowestPoll = Math.max(slowestPoll, System.nanoTime() - polled);
				if (head.startsWith("HTTP/1.1 200")) {
					return System.nanoTime();
				}
				notReady.merge(head.isEmpty() ? "no answer" : head.substring(9).trim(), 1, Integer::sum);
			}
			catch (IOException ex) {
				if (portOpen >= 0) {
					notReady.merge(ex.getClass().getSimpleName(), 1, Integer::sum);
				}
			}
			Thread.sleep(20);
		}
		return -1;
	}

	// The script's clock is the wall clock; this program's is nanoTime.
	static final long NANOS_AT_EPOCH = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());

	static long fromEpochMillis(long millis) {
		return NANOS_AT_EPOCH + TimeUnit.MILLISECONDS.toNanos(millis);
	}

	static double seconds(long nanos) {
		return nanos / 1e9;
	}

	/**
	 * What the streams went through, kept by the fleet's thread (the main thread reads the counters while it
	 * runs, and the rest after {@link Fleet#stop()}).
	 */
	static final class Tracker implements Fleet.Listener {

		final int size;

		final AtomicInteger firstEvents = new AtomicInteger();

		final AtomicInteger liveAgain = new AtomicInteger();

		// When B was asked to stop, when the old process had exited, when the new one was ready (nanoTime).
		volatile long restarting = Long.MAX_VALUE;

		volatile long oldGone = Long.MAX_VALUE;

		volatile long ready = Long.MAX_VALUE;

		final Map<Long, AtomicInteger> readers = new ConcurrentHashMap<>();

		final long[][] comments;

		final int[] commentCounts;

		final long[] lastSeq;

		final int[] seqErrors;

		final int[] duplicates;

		final int[] resets;

		final boolean[] sawEvent;

		final boolean[] newSession;

		final long[] liveAt;

		// From the start of the connection attempt to its first event, for each stream's first on the new B.
		final List<Long> liveLatencies = new ArrayList<>();

		final boolean[] resumedWithId;

		final int[] drops;

		final List<Long> attemptTimes = new ArrayList<>();

		final List<Long> reopenTimes = new ArrayList<>();

		final List<Long> reopenedOnOld = new ArrayList<>();

		final Map<String, List<Long>> failures = new TreeMap<>();

		final long[] retryStats = { Long.MAX_VALUE, 0, 0, 0 };

		Tracker(int size) {
			this.size = size;
			this.comments = new long[size][];
			this.commentCounts = new int[size];
			this.lastSeq = new long[size];
			this.seqErrors = new int[size];
			this.duplicates = new int[size];
			this.resets = new int[size];
			this.sawEvent = new boolean[size];
			this.newSession = new boolean[size];
			this.liveAt = new long[size];
			this.resumedWithId = new boolean[size];
			this.drops = new int[size];
			Arrays.fill(this.lastSeq, -1);
		}

		int readersOf(long commentId) {
			AtomicInteger count = this.readers.get(commentId);
			return (count != null) ? count.get() : 0;
		}

		synchronized String retries() {
			long count = this.retryStats[3];
			return (count == 0) ? "none" : String.format("%d, min %d ms, mean %d ms, max %d ms", count,
					this.retryStats[0], this.retryStats[2] / count, this.retryStats[1]);
		}

		private boolean restartPhase(long at) {
			return at >= this.restarting;
		}

		@Override
		public void connecting(Fleet.Stream stream, long at) {
			if (restartPhase(at)) {
				this.attemptTimes.add(at);
			}
		}

		@Override
		public void opened(Fleet.Stream stream, long at) {
			int i = stream.index;
			this.sawEvent[i] = false;
			// Only a connection begun after the old process had exited can reach the new one.
			this.newSession[i] = stream.connectStartedAt() >= this.oldGone;
			if (restartPhase(at)) {
				if (this.newSession[i]) {
					this.reopenTimes.add(at);
					this.resumedWithId[i] |= !stream.sentLastEventId().isEmpty();
				}
				else {
					this.reopenedOnOld.add(at);
				}
			}
		}

		@Override
		public void retry(Fleet.Stream stream, long millis) {
			synchronized (this) {
				this.retryStats[0] = Math.min(this.retryStats[0], millis);
				this.retryStats[1] = Math.max(this.retryStats[1], millis);
				this.retryStats[2] += millis;
				this.retryStats[3]++;
			}
		}

		@Override
		public void event(Fleet.Stream stream, String type, String id, String data, long at) {
			int i = stream.index;
			if (!this.sawEvent[i]) {
				this.sawEvent[i] = true;
				if (!restartPhase(at)) {
					this.firstEvents.incrementAndGet();
				}
				else if (this.newSession[i] && this.liveAt[i] == 0) {
					this.liveAt[i] = at;
					this.liveLatencies.add(at - stream.connectStartedAt());
					this.liveAgain.incrementAndGet();
				}
			}
			if ("reset".equals(type)) {
				this.resets[i]++;
			}
			if (!"comment".equals(type)) {
				return;
			}
			long seq = Long.parseLong(id);
			if (this.lastSeq[i] >= 0 && seq != this.lastSeq[i] + 1) {
				this.seqErrors[i]++;
			}
			this.lastSeq[i] = seq;
			Matcher matcher = COMMENT_ID.matcher(data);
			if (!matcher.find()) {
				return;
			}
			long commentId = Long.parseLong(matcher.group(1));
			long[] mine = this.comments[i];
			int count = this.commentCounts[i];
			for (int k = 0; k < count; k++) {
				if (mine[k] == commentId) {
					this.duplicates[i]++;
					return;
				}
			}
			if (mine == null || count == mine.length) {
				this.comments[i] = mine = (mine == null) ? new long[32] : Arrays.copyOf(mine, count * 2);
			}
			mine[count] = commentId;
			this.commentCounts[i] = count + 1;
			this.readers.computeIfAbsent(commentId, (k) -> new AtomicInteger()).incrementAndGet();
		}

		@Override
		public void closed(Fleet.Stream stream, String why, boolean wasOpen, long at) {
			if (restartPhase(at)) {
				if (wasOpen) {
					this.drops[stream.index]++;
				}
				else {
					this.failures.computeIfAbsent(why, (k) -> new ArrayList<>()).add(at);
				}
			}
		}

		void report(List<Long> posted) {
			long ready = this.ready;
			System.out.printf("%nafter B was ready (seconds; negative: before)%n");
			if (!this.reopenedOnOld.isEmpty()) {
				System.out.printf("  %d reconnects reached the stopping old B (first at %+.1f s) and were cut again%n",
						this.reopenedOnOld.size(), seconds(Collections.min(this.reopenedOnOld) - ready));
			}
			System.out.printf("  connection attempts while restarting: %d, of which failed: %s%n", this.attemptTimes.size(),
					this.failures.isEmpty() ? "none" : "");
			this.failures.forEach((why, times) -> System.out.printf("    %s: %d, from %+.1f s to %+.1f s%n", why,
					times.size(), seconds(Collections.min(times) - ready), seconds(Collections.max(times) - ready)));
			spread("  reconnects (response from the new B)", this.reopenTimes, ready);
			List<Long> live = new ArrayList<>();
			for (long at : this.liveAt) {
				if (at != 0) {
					live.add(at);
				}
			}
			spread("  live again (first event after reconnecting)", live, ready);
			if (!this.liveLatencies.isEmpty()) {
				List<Long> sorted = new ArrayList<>(this.liveLatencies);
				Collections.sort(sorted);
				System.out.printf("  from connection attempt to first event (new B): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
						at(sorted, 0.5, 0) * 1000, at(sorted, 0.99, 0) * 1000, at(sorted, 1, 0) * 1000);
			}
			System.out.printf("  all %d streams live again: %s%n", this.size, (live.size() == this.size)
					? String.format("%.2f s after ready", seconds(Collections.max(live) - ready))
					: "no, " + (this.size - live.size()) + " never were");
			histogram("  reconnects per second from ready", this.reopenTimes, ready);
			histogram("  connection attempts per second from ready", this.attemptTimes, ready);

			int exact = 0;
			int lost = 0;
			int doubled = 0;
			int misordered = 0;
			int seqBroken = 0;
			int reset = 0;
			int resumed = 0;
			int droppedAgain = 0;
			for (int i = 0; i < this.size; i++) {
				long[] got = Arrays.copyOf((this.comments[i] != null) ? this.comments[i] : new long[0], this.commentCounts[i]);
				long[] want = posted.stream().mapToLong(Long::longValue).toArray();
				if (Arrays.equals(got, want) && this.duplicates[i] == 0) {
					exact++;
				}
				else if (got.length < want.length) {
					lost++;
				}
				else if (Arrays.equals(Arrays.stream(got).sorted().toArray(), Arrays.stream(want).sorted().toArray())) {
					misordered++;
				}
				doubled += (this.duplicates[i] > 0) ? 1 : 0;
				seqBroken += (this.seqErrors[i] > 0) ? 1 : 0;
				reset += (this.resets[i] > 0) ? 1 : 0;
				resumed += this.resumedWithId[i] ? 1 : 0;
				droppedAgain += (this.drops[i] > 1) ? 1 : 0;
			}
			System.out.printf("%ncomments: %d posted (%d before, %d while B was down, %d while readers came back, %d after)%n",
					posted.size(), COMMENTS_BEFORE, COMMENTS_DOWN,
					posted.size() - COMMENTS_BEFORE - COMMENTS_DOWN - COMMENTS_AFTER, COMMENTS_AFTER);
			System.out.printf("  %d of %d streams resumed with Last-Event-ID; %d streams were cut more than once%n",
					resumed, this.size, droppedAgain);
			System.out.printf("  every comment exactly once, in order: %d streams; lost some: %d; got some twice: %d; "
					+ "out of order: %d; event ids not consecutive: %d; reset: %d%n", exact, lost, doubled, misordered,
					seqBroken, reset);
		}

		static void spread(String what, List<Long> times, long origin) {
			if (times.isEmpty()) {
				System.out.printf("%s: none%n", what);
				return;
			}
			List<Long> sorted = new ArrayList<>(times);
			Collections.sort(sorted);
			System.out.printf("%s: %d, first %+.2f s, p50 %+.2f s, p99 %+.2f s, last %+.2f s%n", what, sorted.size(),
					at(sorted, 0, origin), at(sorted, 0.5, origin), at(sorted, 0.99, origin), at(sorted, 1, origin));
		}

		static double at(List<Long> sorted, double fraction, long origin) {
			return seconds(sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * fraction)) - origin);
		}

		static void histogram(String what, List<Long> times, long origin) {
			if (times.isEmpty()) {
				return;
			}
			TreeMap<Long, Integer> perSecond = new TreeMap<>();
			for (long at : times) {
				perSecond.merge(Math.floorDiv(at - origin, 1_000_000_000L), 1, Integer::sum);
			}
			Map.Entry<Long, Integer> peak = perSecond.entrySet().stream().max(Map.Entry.comparingByValue()).get();
			StringBuilder line = new StringBuilder();
			for (long s = perSecond.firstKey(); s <= perSecond.lastKey(); s++) {
				line.append(' ').append(perSecond.getOrDefault(s, 0));
			}
			System.out.printf("%s: peak %d/s in second [%d, %d), from second %d on:%s%n", what, peak.getValue(),
					peak.getKey(), peak.getKey() + 1, perSecond.firstKey(), line);
		}

	}

	/**
	 * Posts comments through one keep-alive connection, each from its own sender (the duplicate check is per
	 * sender).
	 */
	static final class Poster implements AutoCloseable {

		private static final String RUN = Long.toString(System.nanoTime(), 36);

		private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

		private final AtomicLong senders = new AtomicLong();

		private final Socket socket;

		private final OutputStream out;

		private final InputStream in;

		private final String host;

		private final String slug;

		Poster(URI base, String slug) throws IOException {
			this.socket = new Socket(base.getHost(), base.getPort());
			this.socket.setTcpNoDelay(true);
			this.out = new BufferedOutputStream(this.socket.getOutputStream());
			this.in = new BufferedInputStream(this.socket.getInputStream());
			this.host = base.getHost() + ":" + base.getPort();
			this.slug = slug;
		}

		long post(String text) throws IOException {
			String sender = RUN + "-" + this.senders.incrementAndGet();
			byte[] body = ("{\"name\":\"Bench\",\"email\":\"r" + sender + "@example.com\",\"body\":\"" + text + " "
					+ sender + "\"}").getBytes(StandardCharsets.UTF_8);
			String head = "POST /api/articles/" + this.slug + "/comments HTTP/1.1\r\nHost: " + this.host
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
			if (!status.contains(" 201 ") || !id.find()) {
				throw new IOException("posting a comment failed: " + status + " " + reply);
			}
			return Long.parseLong(id.group(1));
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

	/**
	 * Many server-sent event streams in one JVM, each behaving like a browser's EventSource: after a stream ends
	 * or a connection fails it waits the last {@code retry:} the server sent and reconnects, sending
	 * {@code Last-Event-ID} once it has one. One selector thread does all the I/O and calls the listener, so
	 * 10,000 streams cost one thread, a few kilobytes each, and little CPU beside the server under test.
	 * <p>
	 * Self-contained (HTTP/1.1, chunked or not, and the SSE line format), so another benchmark can copy it
	 * whole: give it an address, a path and a listener, and call {@link #connect} and {@link #stop}.
	 */
	static final class Fleet implements Runnable {

		/** Called on the fleet's thread, with {@code System.nanoTime()} times; must return quickly. */
		interface Listener {

			/** A connection attempt begins (the first, or a reconnect). */
			default void connecting(Stream stream, long at) {
			}

			/** The server answered 200 with an event stream. */
			default void opened(Stream stream, long at) {
			}

			/** The server sent a {@code retry:} field. */
			default void retry(Stream stream, long millis) {
			}

			/** An event was dispatched ({@code type} is {@code message} if the server named none). */
			default void event(Stream stream, String type, String id, String data, long at) {
			}

			/**
			 * The stream ended ({@code wasOpen}) or the attempt failed; a reconnect follows after the stream's
			 * retry unless the fleet stops.
			 */
			default void closed(Stream stream, String why, boolean wasOpen, long at) {
			}

		}

		// The reconnect delay before the server sent one (what browsers use).
		static final long DEFAULT_RETRY_MILLIS = 3000;

		// An attempt without a response head by then is abandoned and retried, as a reader who gives up and
		// reloads would. A browser's EventSource itself waits longer; this keeps a run bounded.
		static final long OPEN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(Integer.getInteger("openTimeout", 30));

		final AtomicInteger attempts = new AtomicInteger();

		private final InetSocketAddress server;

		private final String path;

		private final Listener listener;

		private final Stream[] streams;

		private final Selector selector;

		private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		private final PriorityQueue<Timer> timers = new PriorityQueue<>();

		private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

		private final Thread thread = new Thread(this, "sse-fleet");

		private volatile boolean running = true;

		Fleet(InetSocketAddress server, String path, int size, Listener listener) throws IOException {
			this.server = server;
			this.path = path;
			this.listener = listener;
			this.streams = new Stream[size];
			for (int i = 0; i < size; i++) {
				this.streams[i] = new Stream(i);
			}
			this.selector = Selector.open();
		}

		void start() {
			this.thread.setDaemon(true);
			this.thread.start();
		}

		/** Opens streams {@code from} (inclusive) to {@code to} (exclusive). */
		void connect(int from, int to) {
			submit(() -> {
				for (int i = from; i < to; i++) {
					open(this.streams[i]);
				}
			});
		}

		/** Stops the thread; nothing is called on the listener after this returns. */
		void stop() throws InterruptedException {
			this.running = false;
			this.selector.wakeup();
			this.thread.join();
		}

		private void submit(Runnable task) {
			this.tasks.add(task);
			this.selector.wakeup();
		}

		@Override
		public void run() {
			try {
				while (this.running) {
					for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
						task.run();
					}
					long now = System.nanoTime();
					while (!this.timers.isEmpty() && this.timers.peek().due <= now) {
						Timer timer = this.timers.poll();
						if (timer.generation == timer.stream.generation) {
							timer.action.run();
						}
					}
					long wait = this.timers.isEmpty() ? 100
							: Math.max(1, TimeUnit.NANOSECONDS.toMillis(this.timers.peek().due - now) + 1);
					this.selector.select(Math.min(wait, 100));
					for (SelectionKey key : this.selector.selectedKeys()) {
						Stream stream = (Stream) key.attachment();
						try {
							if (key.isValid() && key.isConnectable()) {
								finishConnect(stream);
							}
							if (key.isValid() && key.isWritable()) {
								write(stream);
							}
							if (key.isValid() && key.isReadable()) {
								read(stream);
							}
						}
						catch (IOException | RuntimeException ex) {
							close(stream, describe(ex));
						}
					}
					this.selector.selectedKeys().clear();
				}
				for (Stream stream : this.streams) {
					if (stream.channel != null) {
						stream.channel.close();
					}
				}
				this.selector.close();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static String describe(Exception ex) {
			if (ex instanceof ConnectException) {
				return "refused";
			}
			String message = ex.getMessage();
			return ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
		}

		private void schedule(Stream stream, long due, Runnable action) {
			this.timers.add(new Timer(due, stream, stream.generation, action));
		}

		private void open(Stream stream) {
			stream.generation++;
			stream.reset();
			stream.connectStartedAt = System.nanoTime();
			this.attempts.incrementAndGet();
			this.listener.connecting(stream, stream.connectStartedAt);
			String request = "GET " + this.path + " HTTP/1.1\r\nHost: " + this.server.getHostString() + ":"
					+ this.server.getPort() + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n"
					+ (stream.lastEventId.isEmpty() ? "" : "Last-Event-ID: " + stream.lastEventId + "\r\n") + "\r\n";
			stream.sentLastEventId = stream.lastEventId;
			stream.request = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
			schedule(stream, stream.connectStartedAt + OPEN_TIMEOUT_NANOS, () -> {
				if (stream.state != Stream.BODY) {
					close(stream, "no response in " + TimeUnit.NANOSECONDS.toSeconds(OPEN_TIMEOUT_NANOS) + " s");
				}
			});
			try {
				SocketChannel channel = SocketChannel.open();
				stream.channel = channel;
				channel.configureBlocking(false);
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				if (channel.connect(this.server)) {
					stream.state = Stream.WRITING;
					stream.key = channel.register(this.selector, SelectionKey.OP_WRITE, stream);
				}
				else {
					stream.state = Stream.CONNECTING;
					stream.key = channel.register(this.selector, SelectionKey.OP_CONNECT, stream);
				}
			}
			catch (IOException ex) {
				close(stream, describe(ex));
			}
		}

		private void finishConnect(Stream stream) throws IOException {
			if (stream.channel.finishConnect()) {
				stream.state = Stream.WRITING;
				stream.key.interestOps(SelectionKey.OP_WRITE);
			}
		}

		private void write(Stream stream) throws IOException {
			stream.channel.write(stream.request);
			if (!stream.request.hasRemaining()) {
				stream.request = null;
				stream.state = Stream.HEAD;
				stream.key.interestOps(SelectionKey.OP_READ);
			}
		}

		private void read(Stream stream) throws IOException {
			this.buffer.clear();
			int read = stream.channel.read(this.buffer);
			if (read < 0) {
				close(stream, (stream.state == Stream.BODY) ? "ended by the server" : "closed before a response");
				return;
			}
			this.buffer.flip();
			long now = System.nanoTime();
			while (this.buffer.hasRemaining() && stream.channel != null) {
				if (stream.state == Stream.HEAD) {
					head(stream, this.buffer.get(), now);
				}
				else if (!stream.chunked) {
					body(stream, this.buffer.get(), now);
				}
				else {
					chunked(stream, now);
				}
			}
		}

		private void head(Stream stream, byte b, long now) {
			if (!stream.line(b)) {
				return;
			}
			String line = stream.takeLine();
			if (stream.status == 0) {
				String[] parts = line.split(" ", 3);
				stream.status = (parts.length > 1) ? Integer.parseInt(parts[1]) : -1;
			}
			else if (line.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
				stream.chunked = line.toLowerCase().contains("chunked");
			}
			else if (line.isEmpty()) {
				if (stream.status != 200) {
					close(stream, "status " + stream.status);
					return;
				}
				stream.state = Stream.BODY;
				this.listener.opened(stream, now);
			}
		}

		/**
		 * Chunk framing, parsed apart from the body's lines: a chunk may end in the middle of an SSE line.
		 */
		private void chunked(Stream stream, long now) {
			if (stream.chunkLeft > 0) {
				int n = (int) Math.min(stream.chunkLeft, this.buffer.remaining());
				for (int k = 0; k < n && stream.channel != null; k++) {
					body(stream, this.buffer.get(), now);
				}
				stream.chunkLeft -= n;
				stream.afterChunk = stream.chunkLeft == 0;
				return;
			}
			byte b = this.buffer.get();
			if (b == '\n') {
				if (stream.afterChunk) {
					// the CRLF that ends a chunk's data
					stream.afterChunk = false;
					return;
				}
				long size = stream.chunkSize;
				stream.chunkSize = 0;
				stream.chunkExtension = false;
				if (size == 0) {
					close(stream, "ended by the server");
				}
				stream.chunkLeft = size;
				return;
			}
			if (b == ';') {
				stream.chunkExtension = true;
			}
			int digit = Character.digit(b, 16);
			if (!stream.afterChunk && !stream.chunkExtension && digit >= 0) {
				stream.chunkSize = stream.chunkSize * 16 + digit;
			}
		}

		private void body(Stream stream, byte b, long now) {
			if (!stream.line(b)) {
				return;
			}
			String line = stream.takeLine();
			if (line.isEmpty()) {
				// Dispatch, as the EventSource processing model says.
				stream.lastEventId = stream.idBuffer;
				if (stream.data.length() > 0) {
					String data = stream.data.substring(0, stream.data.length() - 1);
					this.listener.event(stream, stream.eventType.isEmpty() ? "message" : stream.eventType,
							stream.lastEventId, data, now);
				}
				stream.data.setLength(0);
				stream.eventType = "";
				return;
			}
			if (line.charAt(0) == ':') {
				return;
			}
			int colon = line.indexOf(':');
			String field = (colon < 0) ? line : line.substring(0, colon);
			String value = (colon < 0) ? "" : line.substring((colon + 1 < line.length() && line.charAt(colon + 1) == ' ') ? colon + 2 : colon + 1);
			switch (field) {
				case "event" -> stream.eventType = value;
				case "data" -> stream.data.append(value).append('\n');
				case "id" -> {
					if (value.indexOf('\0') < 0) {
						stream.idBuffer = value;
					}
				}
				case "retry" -> {
					if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
						stream.retryMillis = Long.parseLong(value);
						this.listener.retry(stream, stream.retryMillis);
					}
				}
				default -> {
				}
			}
		}

		private void close(Stream stream, String why) {
			if (stream.channel == null) {
				return;
			}
			boolean wasOpen = stream.state == Stream.BODY;
			try {
				stream.channel.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			stream.channel = null;
			stream.key = null;
			stream.state = Stream.IDLE;
			stream.generation++;
			long now = System.nanoTime();
			this.listener.closed(stream, why, wasOpen, now);
			if (this.running) {
				schedule(stream, now + TimeUnit.MILLISECONDS.toNanos(stream.retryMillis), () -> open(stream));
			}
		}

		private record Timer(long due, Stream stream, long generation, Runnable action) implements Comparable<Timer> {

			@Override
			public int compareTo(Timer other) {
				return Long.compare(this.due, other.due);
			}

		}

		/** One stream and the state of its current connection. */
		static final class Stream {

			static final int IDLE = 0;

			static final int CONNECTING = 1;

			static final int WRITING = 2;

			static final int HEAD = 3;

			static final int BODY = 4;

			final int index;

			private SocketChannel channel;

			private SelectionKey key;

			private int state;

			private long generation;

			private ByteBuffer request;

			private long connectStartedAt;

			private byte[] line = new byte[256];

			private int lineLength;

			private int status;

			private boolean chunked;

			private long chunkLeft;

			private long chunkSize;

			private boolean chunkExtension;

			private boolean afterChunk;

			private String eventType = "";

			private final StringBuilder data = new StringBuilder();

			private String idBuffer = "";

			private String lastEventId = "";

			private String sentLastEventId = "";

			private long retryMillis = DEFAULT_RETRY_MILLIS;

			Stream(int index) {
				this.index = index;
			}

			/** When the current (or last) connection attempt began. */
			long connectStartedAt() {
				return this.connectStartedAt;
			}

			/** The Last-Event-ID the current (or last) attempt sent, empty if none. */
			String sentLastEventId() {
				return this.sentLastEventId;
			}

			/** The id of the last event dispatched that carried one (or of an earlier one). */
			String lastEventId() {
				return this.lastEventId;
			}

			private void reset() {
				this.lineLength = 0;
				this.status = 0;
				this.chunked = false;
				this.chunkLeft = 0;
				this.chunkSize = 0;
				this.chunkExtension = false;
				this.afterChunk = false;
				this.eventType = "";
				this.data.setLength(0);
			}

			/** Adds a byte to the current line; true when the line is complete. */
			private boolean line(byte b) {
				if (b == '\n') {
					if (this.lineLength > 0 && this.line[this.lineLength - 1] == '\r') {
						this.lineLength--;
					}
					return true;
				}
				if (this.lineLength == this.line.length) {
					this.line = Arrays.copyOf(this.line, this.line.length * 2);
				}
				this.line[this.lineLength++] = b;
				return false;
			}

			private String takeLine() {
				String text = new String(this.line, 0, this.lineLength, StandardCharsets.UTF_8);
				this.lineLength = 0;
				return text;
			}

		}

	}

}
