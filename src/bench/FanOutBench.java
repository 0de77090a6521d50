import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fan-out benchmark, run by fanout.sh: opens N event streams from one JVM (one selector thread, plain NIO, so
 * the same client measures the service and nginx + nchan), optionally measures what the server process holds
 * per idle stream, then publishes M messages one at a time and times, for each, the arrival on every stream
 * from just before the publish request was written.
 * <p>
 * Plain JDK, no dependencies:
 * {@code java src/bench/FanOutBench.java HOST PORT STREAM_PATH KIND PUBLISH_PATH}, where KIND is
 * {@code comment} (POST a JSON comment, the service) or {@code raw} (POST the token as the body, nchan).
 * System properties: streams, messages (0: open and measure memory only), warmup (unmeasured messages first),
 * pid (server process whose heap and RSS to measure before and after the streams open), jvm (true if that
 * process is a JVM), steps (stream counts at which to measure memory on the way up), trace (print each measured
 * message's times, with when it was sent, to match a slow one with the server's GC log), rawBytes (KIND raw: about
 * how many bytes each message has, the token last; by default the token alone), hold (open the streams, print
 * {@code READY} and keep reading until killed: fanout.sh holds readers on the warm-up stories so), stories (with
 * {@code %d} in STREAM_PATH: stream i opens story {@code i % stories + 1}).
 * <p>
 * Prints one {@code RESULT} line: pooled p99 of all arrivals, median and max time until the last stream had a
 * message, missing arrivals, this JVM's own collections during the measured messages (a pause stops the reading,
 * and its time would count as the server's; fanout.sh gives the client a young generation large enough for a
 * round), and per-stream heap and RSS when a pid was given.
 * <p>
 * Stats staleness (KIND {@code stats}, system property {@code staleness=SECONDS}, PUBLISH_PATH the service's
 * Prometheus endpoint, {@code auth=user:password} for it): signs in once through the staff sign-in form with
 * those credentials and sends the session cookie with every request for the counter (Basic credentials are
 * checked with bcrypt on each request, which under the beacon load takes the service's core most of a second,
 * so the counter would be read long after T), opens the streams, notes the story's views from its first
 * {@code stats} events and the {@code pulse_views_total{outcome="counted"}} counter, prints {@code READY}
 * (fanout.sh then starts the beacon load), waits for the counter to move, and then for SECONDS takes a probe
 * every 1 to 2 s (random, so as not to keep step with the service's flush): at time T it reads the counter,
 * the target is the views at the start plus what was counted since, and each stream's staleness is the time
 * from T to its first {@code stats} event with views at or above the target. The counter is read somewhere
 * between T and the arrival of its answer, so that is an upper bound; the time from the answer's arrival
 * (0 for a stream that had the target by then) is a lower bound. Prints one {@code RESULT} line: pooled min,
 * p50, p99 and max over every stream and probe from T, p50 and p99 from the answer, median and max time from T
 * until the last stream had the target, the stream-probes that did not get there within 10 s of T as missing,
 * the service's flushes and mean time per flush meanwhile (from {@code pulse_views_flush_seconds}), and the
 * median time the counter took to answer (how far apart the two bounds can be).
 */
public class FanOutBench {

	static final int STREAMS = Integer.getInteger("streams", 5000);

	static final int MESSAGES = Integer.getInteger("messages", 20);

	static final int WARMUP = Integer.getInteger("warmup", 5);

	static final long PID = Long.getLong("pid", 0);

	static final boolean JVM = Boolean.getBoolean("jvm");

	static final int STALENESS = Integer.getInteger("staleness", 0);

	static final String AUTH = System.getProperty("auth", "");

	static final boolean HOLD = Boolean.getBoolean("hold");

	static final int STORIES = Integer.getInteger("stories", 1);

	// Prints each measured message's times, to see which messages make the tail.
	static final boolean TRACE = Boolean.getBoolean("trace");

	// What a raw message carries before its token, so that the baseline can send as many bytes per message as
	// the service does.
	static final String RAW_FILL = "x".repeat(Math.max(0, Integer.getInteger("rawBytes", 0) - 24));

	// Where to stop opening and measure memory on the way up to STREAMS, e.g. 5000,10000: one process
	// measured at several sizes from the same empty start, because neither the JVM nor malloc gives memory
	// back when streams close, so a process that has held streams before shows no RSS for new ones.
	static final int[] STEPS = Arrays.stream(System.getProperty("steps", Integer.toString(STREAMS)).split(","))
		.mapToInt(Integer::parseInt)
		.toArray();

	// One token per message and run: a stream has a message when the token is in its bytes. The dot ends the
	// number so that message 1 is not found inside message 12.
	static final String RUN = Long.toString(System.nanoTime(), 36);

	public static void main(String[] args) throws Exception {
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		String streamPath = args[2];
		String kind = args[3];
		String publishPath = args[4];

		Memory before = (PID > 0) ? Memory.of(PID, JVM) : null;
		Fleet fleet = new Fleet(new InetSocketAddress(host, port), streamPath, STREAMS);
		fleet.start();
		String memory = "";
		int opening = 0;
		for (int step : STEPS) {
			// Bursts of a few hundred: loopback's accept backlog (somaxconn) is 4096 here.
			for (int start = opening; start < step; start += 250) {
				int from = start;
				int to = Math.min(step, start + 250);
				fleet.submit(() -> fleet.open(from, to));
				Thread.sleep(50);
			}
			opening = step;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (fleet.opened.get() < step && System.nanoTime() < deadline && fleet.failed.get() == 0) {
				Thread.sleep(100);
			}
			if (fleet.opened.get() < step) {
				System.out.printf("ERROR only %d of %d streams opened (%d failed: %s)%n", fleet.opened.get(), step,
						fleet.failed.get(), fleet.lastError);
				System.exit(2);
			}
			// Let the first events (the service's stats, nchan's hello) arrive before anything is measured.
			Thread.sleep(3000);
			if (before != null) {
				Memory after = Memory.of(PID, JVM);
				memory = String.format(
						" heapKB/stream=%.1f rssKB/stream=%.1f heap0KB=%d heapNKB=%d rss0KB=%d rssNKB=%d",
						(after.heapKb - before.heapKb) / (double) step, (after.rssKb - before.rssKb) / (double) step,
						before.heapKb, after.heapKb, before.rssKb, after.rssKb);
				System.out.printf("MEMORY streams=%d%s%n", step, memory);
			}
		}
		if (HOLD) {
			System.out.println("READY");
			Thread.sleep(Long.MAX_VALUE);
		}
		if (kind.equals("stats")) {
			staleness(fleet, host, port, publishPath);
		}
		if (MESSAGES == 0) {
			System.out.printf("RESULT streams=%d messages=0%s%n", STREAMS, memory);
			System.exit(0);
		}

		List<Long> pooled = new ArrayList<>();
		List<Long> lasts = new ArrayList<>();
		List<Long> firsts = new ArrayList<>();
		List<Long> answers = new ArrayList<>();
		long missing = 0;
		long[] gcBefore = null;
		try (Publisher publisher = new Publisher(host, port, kind, publishPath)) {
			for (int k = 1; k <= WARMUP + MESSAGES; k++) {
				String token = "fob" + RUN + "x" + k + ".";
				fleet.expect(token, k);
				long[] gcAtSend = collections();
				if (k == WARMUP + 1) {
					gcBefore = gcAtSend;
				}
				long sent = System.nanoTime();
				int status = publisher.publish(token);
				long answered = System.nanoTime() - sent;
				if (status >= 300) {
					System.out.println("ERROR publish answered " + status);
					System.exit(2);
				}
				long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (fleet.arrived.get() < STREAMS && System.nanoTime() < wait) {
					Thread.sleep(1);
				}
				long[] at = fleet.arrivals.clone();
				if (k > WARMUP) {
					long last = 0;
					long first = Long.MAX_VALUE;
					for (long t : at) {
						if (t == 0) {
							missing++;
						}
						else {
							pooled.add(t - sent);
							last = Math.max(last, t - sent);
							first = Math.min(first, t - sent);
						}
					}
					lasts.add(last);
					firsts.add(first);
					answers.add(answered);
					if (TRACE) {
						System.out.printf("MESSAGE %d at=%s firstMs=%.1f lastMs=%.1f answerMs=%.1f clientGcMs=%d%n", k,
								java.time.Instant.now().minusNanos(System.nanoTime() - sent), first / 1e6, last / 1e6,
								answered / 1e6, collections()[1] - gcAtSend[1]);
					}
				}
				Thread.sleep(200);
			}
		}
		long[] gcAfter = collections();
		long clientGcs = (gcBefore != null) ? gcAfter[0] - gcBefore[0] : 0;
		long clientGcMs = (gcBefore != null) ? gcAfter[1] - gcBefore[1] : 0;
		pooled.sort(null);
		lasts.sort(null);
		firsts.sort(null);
		answers.sort(null);
		// firstMedianMs: until the first stream had it (the publish path); answerMedianMs: the publish request's
		// answer; the rest of allMedianMs is the fan-out itself. clientGcs and clientGcMs: this JVM's own
		// collections during the measured messages, which stop its reading and would count as the server's time.
		System.out.printf("RESULT streams=%d messages=%d p99ms=%.1f allMedianMs=%.1f allMaxMs=%.1f missing=%d"
				+ " firstMedianMs=%.1f answerMedianMs=%.1f clientGcs=%d clientGcMs=%d%s%n",
				STREAMS, MESSAGES, percentile(pooled, 0.99), percentile(lasts, 0.5), percentile(lasts, 1.0), missing,
				percentile(firsts, 0.5), percentile(answers, 0.5), clientGcs, clientGcMs, memory);
		System.exit(0);
	}

	/** This JVM's collections so far and the milliseconds they took, over all its collectors. */
	static long[] collections() {
		long count = 0;
		long millis = 0;
		for (java.lang.management.GarbageCollectorMXBean collector : java.lang.management.ManagementFactory
			.getGarbageCollectorMXBeans()) {
			count += Math.max(0, collector.getCollectionCount());
			millis += Math.max(0, collector.getCollectionTime());
		}
		return new long[] { count, millis };
	}

	static void staleness(Fleet fleet, String host, int port, String metricsPath) throws Exception {
		long views0 = fleet.sync(fleet::maxViews);
		if (views0 < 0) {
			System.out.println("ERROR no stats event with views on the streams");
			System.exit(2);
		}
		try (Publisher metrics = new Publisher(host, port, "get", metricsPath)) {
			if (!AUTH.isEmpty()) {
				metrics.session = signIn(host, port);
			}
			long counted0 = counted(metrics);
			double flushSum0 = metric(metrics.body, "pulse_views_flush_seconds_sum");
			double flushCount0 = metric(metrics.body, "pulse_views_flush_seconds_count");
			System.out.printf("READY views0=%d counted0=%d%n", views0, counted0);
			long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (counted(metrics) == counted0) {
				if (System.nanoTime() > wait) {
					System.out.println("ERROR no views counted within 60 s of READY (is the load running?)");
					System.exit(2);
				}
				Thread.sleep(100);
			}
			Thread.sleep(1000); // the load's first second, while wrk opens its connections
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALENESS);
			long[] probes = new long[STALENESS + 2];
			long[] answers = new long[probes.length];
			int taken = 0;
			long last = 0;
			List<Long> asking = new ArrayList<>();
			while (System.nanoTime() < end && taken < probes.length) {
				long at = System.nanoTime();
				long target = views0 + counted(metrics) - counted0;
				long answered = System.nanoTime();
				asking.add(answered - at);
				int k = taken++;
				probes[k] = at;
				answers[k] = answered;
				fleet.sync(() -> fleet.probe(k, at, target));
				last = at;
				Thread.sleep(1000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1000));
			}
			long limit = TimeUnit.SECONDS.toNanos(10);
			int count = taken;
			while (fleet.sync(() -> fleet.reached(count - 1)) < STREAMS && System.nanoTime() < last + limit) {
				Thread.sleep(5);
			}
			long[][] arrivals = fleet.sync(fleet::arrivalsCopy);
			List<Long> pooled = new ArrayList<>();
			List<Long> pooledAfter = new ArrayList<>();
			List<Long> lasts = new ArrayList<>();
			long missing = 0;
			for (int k = 0; k < taken; k++) {
				long worst = 0;
				for (long t : arrivals[k]) {
					if (t == 0 || t - probes[k] > limit) {
						missing++;
						worst = Long.MAX_VALUE;
					}
					else {
						pooled.add(t - probes[k]);
						// A stream that had the target when the answer came is not stale from then.
						pooledAfter.add(Math.max(0, t - answers[k]));
						worst = Math.max(worst, t - probes[k]);
					}
				}
				if (worst != Long.MAX_VALUE) {
					lasts.add(worst);
				}
			}
			pooled.sort(null);
			pooledAfter.sort(null);
			lasts.sort(null);
			asking.sort(null);
			long counted = counted(metrics) - counted0;
			// The service's own time per flush meanwhile: a large share of the staleness if it is long.
			double flushes = metric(metrics.body, "pulse_views_flush_seconds_count") - flushCount0;
			double flushMs = (metric(metrics.body, "pulse_views_flush_seconds_sum") - flushSum0) * 1000 / flushes;
			System.out.printf(
					"RESULT streams=%d probes=%d minMs=%.1f p50ms=%.1f p99ms=%.1f maxMs=%.1f p50AfterMs=%.1f p99AfterMs=%.1f allMedianMs=%.1f allMaxMs=%.1f missing=%d views0=%d counted=%d flushes=%.0f flushMeanMs=%.1f counterMs=%.1f%n",
					STREAMS, taken, percentile(pooled, 0.0), percentile(pooled, 0.5), percentile(pooled, 0.99), percentile(pooled, 1.0),
					percentile(pooledAfter, 0.5), percentile(pooledAfter, 0.99),
					percentile(lasts, 0.5), percentile(lasts, 1.0), missing, views0, counted, flushes, flushMs,
					percentile(asking, 0.5));
			System.exit(0);
		}
	}

	/**
	 * Signs in through the staff sign-in form as the user in {@code auth}, on a connection of its own, and
	 * returns the session cookie's value: the service looks a session up in its database, where it checks Basic
	 * credentials with bcrypt on every request.
	 */
	static String signIn(String host, int port) throws IOException {
		String[] credentials = AUTH.split(":", 2);
		try (Publisher page = new Publisher(host, port, "get", "/signin")) {
			int status = page.send("GET", "/signin", "", null);
			java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
				.matcher(page.body);
			String cookie = page.cookies.get("PULSE_CSRF");
			if (credentials.length < 2 || status != 200 || !csrf.find() || cookie == null) {
				System.out.println("ERROR GET /signin answered " + status
						+ " without a _csrf field or PULSE_CSRF cookie (or auth is not user:password)");
				System.exit(2);
			}
			String form = "username=" + java.net.URLEncoder.encode(credentials[0], StandardCharsets.UTF_8)
					+ "&password=" + java.net.URLEncoder.encode(credentials[1], StandardCharsets.UTF_8) + "&_csrf="
					+ java.net.URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
			status = page.send("POST", "/signin",
					"Cookie: PULSE_CSRF=" + cookie + "\r\nContent-Type: application/x-www-form-urlencoded\r\n",
					form.getBytes(StandardCharsets.UTF_8));
			String session = page.cookies.get("PULSE_SESSION");
			if (status != 303 || session == null || session.isEmpty()) {
				System.out.println("ERROR POST /signin answered " + status + " without a PULSE_SESSION cookie (wrong auth?)");
				System.exit(2);
			}
			return session;
		}
	}

	/** The service's count of counted views, from its Prometheus text (left in the publisher's body). */
	static long counted(Publisher metrics) throws IOException {
		int status = metrics.publish(null);
		double counted = (status == 200) ? metric(metrics.body, "pulse_views_total{outcome=\"counted\"}") : Double.NaN;
		if (Double.isNaN(counted)) {
			System.out.println("ERROR the metrics answered " + status + " without pulse_views_total{outcome=\"counted\"}");
			System.exit(2);
		}
		return (long) counted;
	}

	/** The value of one sample in Prometheus text, NaN if it is not there. */
	static double metric(String text, String name) {
		int at = text.startsWith(name + " ") ? 0 : text.indexOf("\n" + name + " ") + 1;
		if (at <= 0 && !text.startsWith(name + " ")) {
			return Double.NaN;
		}
		int end = text.indexOf('\n', at);
		return Double.parseDouble(text.substring(at + name.length(), (end < 0) ? text.length() : end).trim());
	}

	static double percentile(List<Long> sorted, double fraction) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		return sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * fraction)) / 1e6;
	}

	/** Heap in use after a full GC (JVMs only) and resident set size of a process, in KB. */
	record Memory(long heapKb, long rssKb) {

		static Memory of(long pid, boolean jvm) throws Exception {
			long heap = 0;
			if (jvm) {
				// Twice: the first collection can leave objects with finalizers or cleaners for the second.
				run("jcmd", Long.toString(pid), "GC.run");
				run("jcmd", Long.toString(pid), "GC.run");
				heap = heapUsedKb(run("jstat", "-gc", Long.toString(pid)));
			}
			long rss = 0;
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
			return new Memory(heap, rss);
		}

		/** Sums the used columns of survivor, eden and old space in {@code jstat -gc} output (KB). */
		static long heapUsedKb(String jstat) {
			String[] lines = jstat.trim().split("\n");
			List<String> names = Arrays.asList(lines[0].trim().split("\\s+"));
			String[] values = lines[1].trim().split("\\s+");
			double sum = 0;
			for (String column : List.of("S0U", "S1U", "EU", "OU")) {
				sum += Double.parseDouble(values[names.indexOf(column)]);
			}
			return (long) sum;
		}

		static String run(String... command) throws Exception {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor();
			return out;
		}

	}

	/** One keep-alive HTTP/1.1 connection for the publish requests, so that no connect time is measured. */
	static final class Publisher implements AutoCloseable {

		private final Socket socket;

		private final OutputStream out;

		private final InputStream in;

		private final String host;

		private final String kind;

		private final String path;

		String body = "";

		// The cookies the answers on this connection have set, by name.
		final java.util.Map<String, String> cookies = new java.util.HashMap<>();

		// Once signed in, sent as the PULSE_SESSION cookie with each GET instead of auth's Basic credentials.
		String session = "";

		Publisher(String host, int port, String kind, String path) throws IOException {
			this.socket = new Socket(host, port);
			this.socket.setTcpNoDelay(true);
			this.out = this.socket.getOutputStream();
			this.in = new BufferedInputStream(this.socket.getInputStream());
			this.host = host + ":" + port;
			this.kind = kind;
			this.path = path;
		}

		int publish(String token) throws IOException {
			if (this.kind.equals("get")) {
				String auth = !this.session.isEmpty() ? "Cookie: PULSE_SESSION=" + this.session + "\r\n"
						: AUTH.isEmpty() ? "" : "Authorization: Basic "
								+ java.util.Base64.getEncoder().encodeToString(AUTH.getBytes(StandardCharsets.UTF_8)) + "\r\n";
				return send("GET", this.path, auth, null);
			}
			// Each comment has its own sender, as on a real story (the duplicate check is per sender).
			String payload = this.kind.equals("comment")
					? "{\"name\":\"Bench\",\"email\":\"" + token.replace(".", "") + "@example.com\",\"body\":\"Fan-out " + token + "\"}"
					: RAW_FILL + token;
			String type = this.kind.equals("comment") ? "application/json" : "text/plain";
			return send("POST", this.path, "Content-Type: " + type + "\r\n", payload.getBytes(StandardCharsets.UTF_8));
		}

		/** One request (headers: whole lines, each with its CRLF; body: none if null); returns the status. */
		int send(String method, String target, String headers, byte[] body) throws IOException {
			byte[] head = (method + " " + target + " HTTP/1.1\r\nHost: " + this.host + "\r\n" + headers
					+ ((body != null) ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			byte[] request = head;
			if (body != null) {
				request = Arrays.copyOf(head, head.length + body.length);
				System.arraycopy(body, 0, request, head.length, body.length);
			}
			this.out.write(request);
			this.out.flush();
			return response();
		}

		private int response() throws IOException {
			String status = line();
			int length = 0;
			boolean chunked = false;
			for (String header = line(); !header.isEmpty(); header = line()) {
				if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
					length = Integer.parseInt(header.substring(15).trim());
				}
				if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
					chunked = true;
				}
				if (header.regionMatches(true, 0, "set-cookie:", 0, 11)) {
					String cookie = header.substring(11).trim().split(";", 2)[0];
					int equals = cookie.indexOf('=');
					if (equals > 0) {
						this.cookies.put(cookie.substring(0, equals), cookie.substring(equals + 1));
					}
				}
			}
			java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
			if (chunked) {
				for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
					content.write(this.in.readNBytes(size));
					this.in.readNBytes(2);
				}
				line();
			}
			else {
				content.write(this.in.readNBytes(length));
			}
			this.body = content.toString(StandardCharsets.UTF_8);
			return Integer.parseInt(status.split(" ")[1]);
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
				if (c < 0) {
					throw new IOException("publish connection closed");
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
	 * Every stream on one selector thread: a stream is open once its response head says 200, and it has the
	 * current message once the message's token is in its bytes (the tail of the previous read is kept, so a
	 * token split across two reads is still found).
	 */
	static final class Fleet implements Runnable {

		final AtomicInteger opened = new AtomicInteger();

		final AtomicInteger failed = new AtomicInteger();

		final AtomicInteger arrived = new AtomicInteger();

		volatile String lastError = "";

		final long[] arrivals;

		private final InetSocketAddress server;

		private final String path;

		private final byte[] request;

		private final SocketChannel[] channels;

		private final String[] tails;

		private final boolean[] open;

		private final int[] seen;

		private final Selector selector;

		private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

		private final byte[] bytes = new byte[64 * 1024];

		private volatile String token = "\u0000";

		// The token as bytes, and each open stream's last bytes (a token split across two reads is found):
		// once a stream is open, R4 looks for the token in the bytes, so the client's work per read does not
		// grow with the size of what the server sends (the service's chunks are longer than nchan's).
		private byte[] tokenBytes = {0};

		private final byte[][] tailBytes;

		private final byte[] scratch = new byte[64 * 1024 + 64];

		// Stats staleness: the highest views each stream has seen in a stats event (-1: none yet), the targets
		// of the probes so far, and per probe when each stream first had its target (0: not yet). Touched only
		// on the selector thread (sync runs there).
		private final long[] views;

		private final List<Long> targets = new ArrayList<>();

		private final List<long[]> reachedAt = new ArrayList<>();

		private final int[] nextProbe;

		private volatile int message;

		Fleet(InetSocketAddress server, String path, int size) throws IOException {
			this.server = server;
			this.path = path;
			this.request = requestOf(path);
			this.channels = new SocketChannel[size];
			this.tails = new String[size];
			this.tailBytes = new byte[size][];
			this.open = new boolean[size];
			this.seen = new int[size];
			this.arrivals = new long[size];
			this.views = new long[size];
			this.nextProbe = new int[size];
			Arrays.fill(this.views, -1);
			Arrays.fill(this.tails, "");
			this.selector = Selector.open();
		}

		private byte[] requestOf(String path) {
			return ("GET " + path + " HTTP/1.1\r\nHost: " + this.server.getHostString() + ":" + this.server.getPort()
					+ "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n"
					+ "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
		}

		private byte[] requestFor(int i) {
			return this.path.contains("%d") ? requestOf(String.format(this.path, i % STORIES + 1)) : this.request;
		}

		void start() {
			Thread thread = new Thread(this, "fan-out-fleet");
			thread.setDaemon(true);
			thread.start();
		}

		void submit(Runnable task) {
			this.tasks.add(task);
			this.selector.wakeup();
		}

		/** Runs the call on the selector thread and returns its answer (the fleet's state is that thread's). */
		<T> T sync(java.util.concurrent.Callable<T> call) throws Exception {
			java.util.concurrent.CompletableFuture<T> answer = new java.util.concurrent.CompletableFuture<>();
			submit(() -> {
				try {
					answer.complete(call.call());
				}
				catch (Exception ex) {
					answer.completeExceptionally(ex);
				}
			});
			return answer.get(30, TimeUnit.SECONDS);
		}

		long maxViews() {
			long max = -1;
			for (int i = 0; i < this.views.length; i++) {
				if (this.views[i] < 0) {
					return -1; // a stream without its first stats event yet
				}
				max = Math.max(max, this.views[i]);
			}
			return max;
		}

		/** Probe k, taken at time at: a stream that already has the target has it from then. */
		Void probe(int k, long at, long target) {
			this.targets.add(target);
			this.reachedAt.add(new long[this.views.length]);
			for (int i = 0; i < this.views.length; i++) {
				advance(i, at);
			}
			return null;
		}

		int reached(int k) {
			int count = 0;
			for (long t : this.reachedAt.get(k)) {
				count += (t != 0) ? 1 : 0;
			}
			return count;
		}

		long[][] arrivalsCopy() {
			return this.reachedAt.stream().map(long[]::clone).toArray(long[][]::new);
		}

		private void advance(int i, long now) {
			while (this.nextProbe[i] < this.targets.size() && this.targets.get(this.nextProbe[i]) <= this.views[i]) {
				this.reachedAt.get(this.nextProbe[i]++)[i] = now;
			}
		}

		/** The highest complete {@code "views":} number in the text (-1: none), a cheap scan of stats data. */
		static long scanViews(String text) {
			long max = -1;
			for (int at = text.indexOf("\"views\":"); at >= 0; at = text.indexOf("\"views\":", at + 8)) {
				long value = 0;
				int j = at + 8;
				while (j < text.length() && Character.isDigit(text.charAt(j))) {
					value = value * 10 + (text.charAt(j++) - '0');
				}
				if (j > at + 8 && j < text.length()) { // digits and their end, not a number cut by the read
					max = Math.max(max, value);
				}
			}
			return max;
		}

		/** Called from the main thread between messages: clears the arrivals and names the next token. */
		void expect(String next, int k) throws InterruptedException {
			submit(() -> {
				Arrays.fill(this.arrivals, 0);
				this.arrived.set(0);
				this.token = next;
				this.tokenBytes = next.getBytes(StandardCharsets.ISO_8859_1);
				this.message = k;
			});
			while (this.message != k) {
				Thread.sleep(1);
			}
		}

		void open(int from, int to) {
			for (int i = from; i < to; i++) {
				try {
					SocketChannel channel = SocketChannel.open();
					channel.configureBlocking(false);
					channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
					channel.connect(this.server);
					this.channels[i] = channel;
					channel.register(this.selector, SelectionKey.OP_CONNECT, i);
				}
				catch (IOException ex) {
					fail(ex.toString());
				}
			}
		}

		private void fail(String why) {
			this.lastError = why;
			this.failed.incrementAndGet();
		}

		@Override
		public void run() {
			try {
				while (true) {
					this.selector.select();
					for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
						task.run();
					}
					Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
					while (keys.hasNext()) {
						SelectionKey key = keys.next();
						keys.remove();
						handle(key);
					}
				}
			}
			catch (IOException ex) {
				fail(ex.toString());
			}
		}

		private void handle(SelectionKey key) {
			int i = (Integer) key.attachment();
			SocketChannel channel = (SocketChannel) key.channel();
			try {
				if (key.isConnectable()) {
					channel.finishConnect();
					// The request is small enough for an empty socket buffer.
					channel.write(ByteBuffer.wrap(requestFor(i)));
					key.interestOps(SelectionKey.OP_READ);
					return;
				}
				this.buffer.clear();
				int n = channel.read(this.buffer);
				if (n < 0) {
					fail("stream " + i + " closed by the server");
					key.cancel();
					channel.close();
					return;
				}
				long now = System.nanoTime();
				this.buffer.flip();
				this.buffer.get(this.bytes, 0, n);
				if (this.open[i] && STALENESS == 0) {
					found(i, n, now);
					return;
				}
				String text = this.tails[i] + new String(this.bytes, 0, n, StandardCharsets.ISO_8859_1);
				if (!this.open[i]) {
					if (text.startsWith("HTTP/1.1 200")) {
						this.open[i] = true;
						this.opened.incrementAndGet();
					}
					else if (text.length() >= 12) {
						fail("stream " + i + " answered " + text.substring(0, Math.min(80, text.length())));
						key.cancel();
						channel.close();
						return;
					}
				}
				if (text.indexOf("\"views\":") >= 0) {
					long seenViews = scanViews(text);
					if (seenViews > this.views[i]) {
						this.views[i] = seenViews;
						advance(i, now);
					}
				}
				if (this.seen[i] != this.message && text.contains(this.token)) {
					this.seen[i] = this.message;
					this.arrivals[i] = now;
					this.arrived.incrementAndGet();
				}
				this.tails[i] = text.substring(Math.max(0, text.length() - 64));
				if (this.open[i]) {
					this.tailBytes[i] = this.tails[i].getBytes(StandardCharsets.ISO_8859_1);
				}
			}
			catch (IOException ex) {
				fail(ex.toString());
				key.cancel();
			}
		}

		/** Notes the arrival if the stream's last bytes and this read hold the current message's token. */
		private void found(int i, int n, long now) {
			byte[] tail = this.tailBytes[i];
			int length = tail.length + n;
			System.arraycopy(tail, 0, this.scratch, 0, tail.length);
			System.arraycopy(this.bytes, 0, this.scratch, tail.length, n);
			byte[] wanted = this.tokenBytes;
			if (this.seen[i] != this.message && indexOf(this.scratch, length, wanted) >= 0) {
				this.seen[i] = this.message;
				this.arrivals[i] = now;
				this.arrived.incrementAndGet();
			}
			int keep = Math.min(length, 64);
			this.tailBytes[i] = Arrays.copyOfRange(this.scratch, length - keep, length);
		}

		private static int indexOf(byte[] haystack, int length, byte[] needle) {
			outer:
			for (int at = 0; at <= length - needle.length; at++) {
				for (int j = 0; j < needle.length; j++) {
					if (haystack[at + j] != needle[j]) {
						continue outer;
					}
				}
				return at;
			}
			return -1;
		}

	}

}
