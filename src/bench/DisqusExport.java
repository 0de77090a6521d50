import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a generated Disqus export for the import benchmark (FORMAT=disqus imports.sh), gzip: THREADS threads
 * (each also under a second, https address) with POSTS posts each, a third of them replies, 2 % spam.
 * Plain JDK: java src/bench/DisqusExport.java out.xml.gz [threads] [posts per thread]
 */
public class DisqusExport {

	public static void main(String[] args) throws IOException {
		Path out = Path.of(args[0]);
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : 1_000;
		int posts = (args.length > 2) ? Integer.parseInt(args[2]) : 100;
		Random random = new Random(42);
		try (Writer xml = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out), 1 << 16),
				StandardCharsets.UTF_8), 1 << 16)) {
			xml.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<disqus xmlns=\"http://disqus.com\" "
					+ "xmlns:dsq=\"http://disqus.com/disqus-internals\">\n");
			for (int thread = 1; thread <= threads; thread++) {
				for (String scheme : new String[] { "http", "https" }) {
					int id = thread * 2 + (scheme.equals("https") ? 1 : 0);
					xml.write("\t<thread dsq:id=\"" + id + "\"><forum>bench</forum><link>" + scheme
							+ "://bench.example.org/news/bench-" + thread + "/</link><title>Benchmark story " + thread
							+ "</title><createdAt>2020-01-01T08:00:00Z</createdAt><isDeleted>false</isDeleted></thread>\n");
				}
			}
			long post = 0;
			for (int thread = 1; thread <= threads; thread++) {
				long first = post + 1;
				for (int i = 0; i < posts; i++) {
					post++;
					long parent = (i > 0 && random.nextInt(3) == 0) ? first + random.nextInt(i) : 0;
					xml.write("\t<post dsq:id=\"" + post + "\"><id/><message><![CDATA[<p>Post " + post
							+ " &mdash; I read it <a href=\"https://example.net\">here</a>.</p><p>Second<br>line.</p>]]></message>"
							+ "<createdAt>2020-01-02T" + String.format("%02d:%02d:%02d", i % 24, i % 60, thread % 60)
							+ "Z</createdAt><isDeleted>false</isDeleted><isSpam>" + (random.nextInt(50) == 0)
							+ "</isSpam><author><email>reader" + random.nextInt(5000) + "@example.net</email><name>Reader "
							+ random.nextInt(5000) + "</name><isAnonymous>false</isAnonymous></author><ipAddress>192.0.2.1</ipAddress>"
							+ "<thread dsq:id=\"" + (thread * 2 + (i % 2)) + "\"/>"
							+ ((parent > 0) ? "<parent dsq:id=\"" + parent + "\"/>" : "") + "</post>\n");
				}
			}
			xml.write("</disqus>\n");
		}
	}

}
