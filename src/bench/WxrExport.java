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
 * Writes a generated WordPress export for the import benchmark (imports.sh), gzip: POSTS posts with COMMENTS
 * comments each, a third of them replies (some before their parents), HTML bodies, a few held and spam.
 * Plain JDK: java src/bench/WxrExport.java out.xml.gz [posts] [comments per post]
 */
public class WxrExport {

	public static void main(String[] args) throws IOException {
		Path out = Path.of(args[0]);
		int posts = (args.length > 1) ? Integer.parseInt(args[1]) : 1_000;
		int comments = (args.length > 2) ? Integer.parseInt(args[2]) : 100;
		Random random = new Random(42);
		try (Writer xml = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out), 1 << 16),
				StandardCharsets.UTF_8), 1 << 16)) {
			xml.write("""
					<?xml version="1.0" encoding="UTF-8" ?>
					<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
						xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
					<channel>
						<title>Benchmark Gazette</title>
						<link>https://bench.example.org</link>
						<wp:wxr_version>1.2</wp:wxr_version>
						<wp:base_site_url>https://bench.example.org</wp:base_site_url>
					""");
			for (int post = 1; post <= posts; post++) {
				xml.write("\t<item>\n\t\t<title><![CDATA[Benchmark story " + post + " &amp; more]]></title>\n");
				xml.write("\t\t<link>https://bench.example.org/2020/01/bench-" + post + "/</link>\n");
				xml.write("\t\t<wp:post_id>" + post + "</wp:post_id>\n");
				xml.write("\t\t<wp:post_date_gmt><![CDATA[2020-01-01 08:00:00]]></wp:post_date_gmt>\n");
				xml.write("\t\t<wp:post_name><![CDATA[bench-" + post + "]]></wp:post_name>\n");
				xml.write("\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n");
				for (int i = comments; i >= 1; i--) {
					// Written newest first, as some exporters do: replies come before their parents.
					int parent = (i > 1 && random.nextInt(3) == 0) ? 1 + random.nextInt(i - 1) : 0;
					String approved = switch (random.nextInt(50)) {
						case 0 -> "0";
						case 1 -> "spam";
						default -> "1";
					};
					xml.write("\t\t<wp:comment>\n");
					xml.write("\t\t\t<wp:comment_id>" + i + "</wp:comment_id>\n");
					xml.write("\t\t\t<wp:comment_author><![CDATA[Reader " + random.nextInt(5000) + "]]></wp:comment_author>\n");
					xml.write("\t\t\t<wp:comment_author_email><![CDATA[reader" + random.nextInt(5000)
							+ "@example.net]]></wp:comment_author_email>\n");
					xml.write("\t\t\t<wp:comment_date_gmt><![CDATA[2020-01-" + String.format("%02d", 1 + i % 28) + " "
							+ String.format("%02d:%02d:00", i % 24, i % 60) + "]]></wp:comment_date_gmt>\n");
					xml.write("\t\t\t<wp:comment_content><![CDATA[<p>Comment " + i + " on story " + post
							+ " &mdash; I read it <a href=\"https://example.net\">here</a> and agree.</p>\n<p>Second paragraph, "
							+ "with a line<br />break.</p>]]></wp:comment_content>\n");
					xml.write("\t\t\t<wp:comment_approved><![CDATA[" + approved + "]]></wp:comment_approved>\n");
					xml.write("\t\t\t<wp:comment_type><![CDATA[comment]]></wp:comment_type>\n");
					xml.write("\t\t\t<wp:comment_parent>" + parent + "</wp:comment_parent>\n");
					xml.write("\t\t</wp:comment>\n");
				}
				xml.write("\t</item>\n");
			}
			xml.write("</channel>\n</rss>\n");
		}
	}

}
