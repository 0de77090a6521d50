package io.readerpulse.imports;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.xml.stream.XMLStreamException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DisqusReaderTest {

	private final ImportTally tally = new ImportTally();

	@Test
	void threadsOfOnePageUnderSeveralAddressesAreOneStory() throws XMLStreamException {
		List<ImportBatch> batches = read(Exports.text("disqus.xml", "t"));
		assertThat(batches).singleElement().satisfies((batch) -> {
			assertThat(batch.stories()).extracting(ImportedStory::slug).containsExactlyInAnyOrder("market-day-t", "bridge-t");
			assertThat(batch.stories()).filteredOn((story) -> story.slug().equals("market-day-t")).singleElement()
				.satisfies((story) -> assertThat(story.title()).isEqualTo("Market day & the rain"));
			assertThat(batch.site()).isEqualTo("quay-t");
		});
		Map<String, ImportedComment> comments = byKey(batches);
		assertThat(comments.get("1000").slug()).isEqualTo("market-day-t");
		assertThat(comments.get("1003").slug()).isEqualTo("market-day-t");
	}

	@Test
	void aReplyToADeletedPostAttachesToTheNearestImportedAncestor() throws XMLStreamException {
		Map<String, ImportedComment> comments = byKey(read(Exports.text("disqus.xml", "t")));
		assertThat(comments.get("1003").parentKey()).isEqualTo("1000");
		assertThat(comments.get("1000").body()).isEqualTo("Wet but worth it.");
	}

	@Test
	void spamDeletedAndOrphanPostsAreSkippedAndJunkBooleansReported() throws XMLStreamException {
		Map<String, ImportedComment> comments = byKey(read(Exports.text("disqus.xml", "t")));
		assertThat(comments).hasSize(3).doesNotContainKeys("1002", "1004", "1005");
		ImportReport report = this.tally.report("disqus", false);
		assertThat(report.comments().skipped()).isEqualTo(new ImportReport.Skipped(1, 0, 1, 0, 0, 0, 1));
		assertThat(report.problems()).extracting(ImportReport.Problem::message)
			.anySatisfy((message) -> assertThat(message).contains("isSpam is 'nope'"))
			.anySatisfy((message) -> assertThat(message).contains("without a dsq:id"));
	}

	@Test
	void aPostWithoutAnIdGetsTheSameKeyEveryTime() throws XMLStreamException {
		String once = byKey(read(Exports.text("disqus.xml", "t"))).keySet().stream()
			.filter((key) -> key.startsWith("sha256:")).findFirst().orElseThrow();
		String again = byKey(read(Exports.text("disqus.xml", "t"))).keySet().stream()
			.filter((key) -> key.startsWith("sha256:")).findFirst().orElseThrow();
		assertThat(once).isEqualTo(again);
	}

	@Test
	void entityExpansionIsRefused() {
		assertThatExceptionOfType(XMLStreamException.class).isThrownBy(() -> read(Exports.text("billion-laughs.xml", "t")));
	}

	@Test
	void aWordPressExportIsNotADisqusOne() {
		assertThatExceptionOfType(ImportRejectedException.class).isThrownBy(() -> read(Exports.text("wxr-1.2.xml", "t")));
	}

	private List<ImportBatch> read(String text) throws XMLStreamException {
		ExportReader reader = ImportSource.DISQUS.reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
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
