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
 * process is a JVM), steps (stream counts at which to measure memory on the way up).
 * <p>
 * Prints one {@code RESULT} line: pooled p99 of all arrivals, median and max time until the last stream had a
 * message, missing arrivals, and per-stream heap and RSS when a pid was given.
 */
public class FanOutBench {

	static final int STREAMS = Integer.getInteger("streams", 5000);

	static final int MESSAGES = Integer.getInteger("messages", 20);

	static final int WARMUP = Integer.getInteger("warmup", 5);

	static final long PID = Long.getLong("pid", 0);

	static final boolean JVM = Boolean.getBoolean("jvm");

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
		if (MESSAGES == 0) {
			System.out.printf("RESULT streams=%d messages=0%s%n", STREAMS, memory);
			System.exit(0);
		}

		List<Long> pooled = new ArrayList<>();
		List<Long> lasts = new ArrayList<>();
		long missing = 0;
		try (Publisher publisher = new Publisher(host, port, kind, publishPath)) {
			for (int k = 1; k <= WARMUP + MESSAGES; k++) {
				String token = "fob" + RUN + "x" + k + ".";
				fleet.expect(token, k);
				long sent = System.nanoTime();
				int status = publisher.publish(token);
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
					for (long t : at) {
						if (t == 0) {
							missing++;
						}
						else {
							pooled.add(t - sent);
							last = Math.max(last, t - sent);
						}
					}
					lasts.add(last);
				}
				Thread.sleep(200);
			}
		}
		pooled.sort(null);
		lasts.sort(null);
		System.out.printf("RESULT streams=%d messages=%d p99ms=%.1f allMedianMs=%.1f allMaxMs=%.1f missing=%d%s%n",
				STREAMS, MESSAGES, percentile(pooled, 0.99), percentile(lasts, 0.5), percentile(lasts, 1.0), missing,
				memory);
		System.exit(0);
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
			// Each comment has its own sender, as on a real story (the duplicate check is per sender).
			String payload = this.kind.equals("comment")
					? "{\"name\":\"Bench\",\"email\":\"" + token.replace(".", "") + "@example.com\",\"body\":\"Fan-out " + token + "\"}"
					: token;
			String type = this.kind.equals("comment") ? "application/json" : "text/plain";
			byte[] body = payload.getBytes(StandardCharsets.UTF_8);
			byte[] head = ("POST " + this.path + " HTTP/1.1\r\nHost: " + this.host + "\r\nContent-Type: " + type
					+ "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
			byte[] request = Arrays.copyOf(head, head.length + body.length);
			System.arraycopy(body, 0, request, head.length, body.length);
			this.out.write(request);
			this.out.flush();
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
			}
			if (chunked) {
				for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
					this.in.readNBytes(size + 2);
				}
				line();
			}
			else {
				this.in.readNBytes(length);
			}
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

		private volatile int message;

		Fleet(InetSocketAddress server, String path, int size) throws IOException {
			this.server = server;
			this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
					+ "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n"
					+ "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			this.channels = new SocketChannel[size];
			this.tails = new String[size];
			this.open = new boolean[size];
			this.seen = new int[size];
			this.arrivals = new long[size];
			Arrays.fill(this.tails, "");
			this.selector = Selector.open();
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

		/** Called from the main thread between messages: clears the arrivals and names the next token. */
		void expect(String next, int k) throws InterruptedException {
			submit(() -> {
				Arrays.fill(this.arrivals, 0);
				this.arrived.set(0);
				this.token = next;
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
					channel.write(ByteBuffer.wrap(this.request));
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
				if (this.seen[i] != this.message && text.contains(this.token)) {
					this.seen[i] = this.message;
					this.arrivals[i] = now;
					this.arrived.incrementAndGet();
				}
				this.tails[i] = text.substring(Math.max(0, text.length() - 64));
			}
			catch (IOException ex) {
				fail(ex.toString());
				key.cancel();
			}
		}

	}

}
