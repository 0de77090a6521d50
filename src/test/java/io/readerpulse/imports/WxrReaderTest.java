package io.readerpulse.imports;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.xml.stream.XMLStreamException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WxrReaderTest {

	private final ImportTally tally = new ImportTally();

	@Test
	void commentsKeepTheirThreadingPerPostWhenRepliesComeBeforeTheirParents() throws XMLStreamException {
		Map<String, ImportedComment> comments = byKey(read(Exports.text("wxr-1.2.xml", "t")));
		assertThat(comments.keySet()).containsExactlyInAnyOrder("10/1", "10/2", "10/3", "10/4", "10/6", "12/1", "12/2");
		assertThat(comments.get("10/3").parentKey()).isEqualTo("10/2");
		assertThat(comments.get("10/2").parentKey()).isEqualTo("10/1");
		assertThat(comments.get("10/1").parentKey()).isNull();
		assertThat(comments.get("12/2").parentKey()).isEqualTo("12/1");
		assertThat(comments.get("12/2").slug()).isEqualTo("harbour-wall-t");
	}

	@ParameterizedTest
	@CsvSource({ "http, 1.0", "https, 1.0", "http, 1.1", "https, 1.1", "http, 1.2", "https, 1.2" })
	void everyVersionOfTheNamespaceReadsOverHttpOrHttpsWithOrWithoutItsVersionElement(String scheme, String version)
			throws XMLStreamException {
		String file = Exports.text("wxr-1.2.xml", "t")
			.replace("http://wordpress.org/export/1.2/", scheme + "://wordpress.org/export/" + version + "/")
			.replace("<wp:wxr_version>1.2</wp:wxr_version>", "");
		assertThat(byKey(read(file))).hasSize(7);
	}

	@Test
	void aReplyToASkippedCommentMovesToTheTop() throws XMLStreamException {
		assertThat(byKey(read(Exports.text("wxr-1.2.xml", "t"))).get("10/6").parentKey()).isNull();
	}

	@Test
	void bodiesBecomeTheTextAReaderSaw() throws XMLStreamException {
		Map<String, ImportedComment> comments = byKey(read(Exports.text("wxr-1.2.xml", "t")));
		assertThat(comments.get("10/3").body()).isEqualTo("Agreed \u2014 see the old timetable.");
		assertThat(comments.get("10/2").body()).isEqualTo("First paragraph.\n\nSecond\nline.");
		assertThat(comments.get("10/1").body()).isEqualTo("Finally.\nTwo lines, 5 < 6.");
		assertThat(comments.get("10/3").authorName()).isEqualTo("Rhys & Co");
		assertThat(comments.get("10/3").createdAt()).isEqualTo(Instant.parse("2019-04-02T11:00:00Z"));
	}

	@Test
	void statusesAndSkippedCommentsAreCounted() throws XMLStreamException {
		Map<String, ImportedComment> comments = byKey(read(Exports.text("wxr-1.2.xml", "t")));
		assertThat(comments.get("10/4").published()).isFalse();
		assertThat(comments.get("10/1").published()).isTrue();
		ImportReport.Skipped skipped = this.tally.report("wordpress", false).comments().skipped();
		assertThat(skipped).isEqualTo(new ImportReport.Skipped(1, 1, 0, 1, 1, 0, 0));
	}

	@Test
	void whatTheDatabaseCannotStoreIsReplaced() {
		assertThat(PlainText.of("<p>a&#0;b &#xD800;c</p>")).doesNotContain("\u0000").satisfies((text) ->
				assertThat(io.readerpulse.web.StorableText.isStorable(text)).isTrue());
		assertThat(PlainText.decoded("Zo\u0000e")).isEqualTo("Zo\uFFFDe");
	}

	@Test
	void crlfLineEndingsReadAsNewlines() throws XMLStreamException {
		Map<String, ImportedComment> comments = byKey(read(Exports.text("wxr-1.2.xml", "t").replace("\n", "\r\n")));
		assertThat(comments.get("10/1").body()).isEqualTo("Finally.\nTwo lines, 5 < 6.");
	}

	@Test
	void anOldExportWithPlainPaddedValuesAndAnHttpsNamespaceReads() throws XMLStreamException {
		List<ImportBatch> batches = read(Exports.text("wxr-1.0.xml", "t"));
		ImportedComment comment = batches.get(0).comments().get(0);
		assertThat(comment.key()).isEqualTo("7/70");
		assertThat(comment.authorName()).isEqualTo("Gus & Hal");
		assertThat(comment.body()).isEqualTo("It snowed & we stayed in.");
		assertThat(comment.email()).isEmpty();
		assertThat(batches.get(0).stories()).singleElement()
			.satisfies((story) -> assertThat(story.slug()).isEqualTo("snow-day-t"));
		assertThat(batches.get(0).site()).isEqualTo("http://oldblog-t.example.org");
	}

	@Test
	void aFileOfAnotherKindIsRejectedWhereItsRootIs() {
		assertThatExceptionOfType(ImportRejectedException.class).isThrownBy(() -> read("<?xml version=\"1.0\"?>\n<feed/>"))
			.satisfies((ex) -> assertThat(ex.getBody().getProperties()).containsEntry("line", 2));
	}

	@Test
	void anEntityDeclaredInTheFileIsNeverResolved() {
		assertThatExceptionOfType(XMLStreamException.class).isThrownBy(() -> read(Exports.text("xxe.xml", "t")));
	}

	@Test
	void aTruncatedFileFails() {
		String text = Exports.text("wxr-1.2.xml", "t");
		assertThatExceptionOfType(XMLStreamException.class).isThrownBy(() -> read(text.substring(0, text.length() / 2)));
	}

	private List<ImportBatch> read(String text) throws XMLStreamException {
		ExportReader reader = ImportSource.WORDPRESS.reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
				this.tally);
		List<ImportBatch> batches = new ArrayList<>();
		for (ImportBatch batch = reader.next(); batch != null; batch = reader.next()) {
			batches.add(batch);
		}
		return batches;
	}

	private static Map<String, ImportedComment> byKey(List<ImportBatch> batches) {
		return batches.stream().flatMap((batch) -> batch.comments().stream())
			.collect(Collectors.toMap(ImportedComment::key, Function.identity()));
	}

}
