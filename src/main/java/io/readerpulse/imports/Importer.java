package io.readerpulse.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import javax.xml.stream.XMLStreamException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.live.LiveChanges;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Runs an import: the body is parsed as it arrives and written batch by batch in one transaction, so a file
 * that turns out malformed halfway stores nothing. A dry run does the same and rolls back, so its report
 * is exactly what the import would do.
 */
@Component
final class Importer {

	private static final Logger logger = LoggerFactory.getLogger(Importer.class);

	private static final long PROGRESS_EVERY = 10_000;

	// Buffers requested ahead of the parser: enough to keep it busy, few enough to hold nothing much.
	private static final int READ_AHEAD = 16;

	private final ImportWriter writer;

	private final TransactionalOperator transactions;

	private final LiveChanges live;

	private final ArticleDirectory directory;

	private final MeterRegistry meters;

	Importer(ImportWriter writer, TransactionalOperator transactions, LiveChanges live, ArticleDirectory directory,
			MeterRegistry meters) {
		this.writer = writer;
		this.transactions = transactions;
		this.live = live;
		this.directory = directory;
		this.meters = meters;
	}

	/**
	 * Imports an export.
	 * @param source what exported it
	 * @param body the file as it arrives
	 * @param gzip whether it is compressed
	 * @param dryRun whether to roll back instead of committing
	 * @return the report, or an {@link ImportRejectedException} for a file that is not a well-formed export
	 */
	Mono<ImportReport> run(ImportSource source, Flux<DataBuffer> body, boolean gzip, boolean dryRun) {
		ImportTally tally = new ImportTally();
		Counter counter = this.meters.counter("pulse.imports.comments", "source", source.id());
		Progress progress = new Progress(source, System.nanoTime());
		// The parser blocks on the arriving body, so it runs on boundedElastic, never on an event loop; it reads
		// the next batch while the one before is written.
		Flux<ImportBatch> batches = Flux.<ImportBatch, Parsing>generate(() -> Parsing.open(source, body, gzip, tally),
				(parsing, sink) -> {
					try {
						ImportBatch batch = parsing.reader().next();
						if (batch == null) {
							sink.complete();
						}
						else {
							sink.next(batch);
						}
					}
					catch (XMLStreamException ex) {
						sink.error(new ImportRejectedException(ex.getLocation(), "The file is not well-formed XML: "
								+ firstLine(ex.getMessage())));
					}
					return parsing;
				}, Parsing::close)
			.subscribeOn(Schedulers.boundedElastic());
		return this.transactions.execute((status) -> {
			if (dryRun) {
				status.setRollbackOnly();
			}
			// A parse error waits for the batch being written: a statement cancelled halfway leaks its encoded
			// parameters in the driver, and the rollback undoes the batch anyway.
			return batches.concatMapDelayError((batch) -> {
				long before = tally.importedSoFar();
				return this.writer.write(source.id(), batch.site(), batch, tally).doOnNext((created) -> {
					long after = tally.importedSoFar();
					if (!dryRun) {
						counter.increment(after - before);
					}
					progress.report(before, after);
				});
			}, false, 1)
				.collectList()
				.flatMap((created) -> this.writer.finish(tally.publishedByStory()).collectList()
					.map((finished) -> new Outcome(created, finished)));
		}).single().map((outcome) -> {
			if (!dryRun) {
				List<String> created = new ArrayList<>();
				outcome.created().forEach(created::addAll);
				this.directory.storiesCreated(created);
				outcome.finished().forEach((story) -> this.live.commentsChanged(story.articleId(), story.seq(), story.comments()));
			}
			return tally.report(source.id(), dryRun);
		});
	}

	private static String firstLine(String message) {
		String text = String.valueOf(message);
		// The JDK's messages start with the position, which the problem gives apart.
		int start = text.indexOf("Message: ");
		return (start >= 0) ? text.substring(start + "Message: ".length()).strip() : text.strip();
	}

	private record Outcome(List<List<String>> created, List<ImportWriter.Finished> finished) {
	}

	private record Progress(ImportSource source, long started) {

		void report(long before, long after) {
			if (after / PROGRESS_EVERY > before / PROGRESS_EVERY) {
				double seconds = Math.max(System.nanoTime() - this.started, 1) / 1e9;
				logger.info("Import from {}: {} comments so far, {} a second", this.source.id(), after,
						Math.round(after / seconds));
			}
		}

	}

	/**
	 * The open file and its reader.
	 */
	private record Parsing(InputStream input, ExportReader reader) {

		static Parsing open(ImportSource source, Flux<DataBuffer> body, boolean gzip, ImportTally tally) {
			InputStream input = new BufferedInputStream(DataBufferUtils.subscriberInputStream(body, READ_AHEAD), 64 * 1024);
			try {
				InputStream plain = (gzip || isGzip(input)) ? new GZIPInputStream(input, 64 * 1024) : input;
				return new Parsing(plain, source.reader(plain, tally));
			}
			catch (IOException ex) {
				close(input);
				throw new ImportRejectedException(null, "The body is not gzip: " + ex.getMessage());
			}
			catch (XMLStreamException ex) {
				close(input);
				throw new ImportRejectedException(ex.getLocation(), "The file is not well-formed XML: " + firstLine(ex.getMessage()));
			}
		}

		/**
		 * Whether the body starts as gzip does: Disqus mails a {@code .xml.gz} file, and it is easy to post it
		 * without saying {@code Content-Encoding: gzip}.
		 */
		private static boolean isGzip(InputStream input) throws IOException {
			input.mark(2);
			int first = input.read();
			int second = input.read();
			input.reset();
			return first == 0x1f && second == 0x8b;
		}

		void close() {
			close(this.input);
		}

		private static void close(InputStream input) {
			try {
				input.close();
			}
			catch (IOException ex) {
				logger.debug("Closing an import's body failed", ex);
			}
		}

	}

}
