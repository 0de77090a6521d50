package io.readerpulse.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an import did so far. The parser counts what it skips, the writer what it stores; they run on
 * different threads, one after the other for each batch, hence the monitor.
 */
final class ImportTally {

	static final int MAX_PROBLEMS = 100;

	enum Skip {
		SPAM, TRASH, DELETED, PINGBACK, TRACKBACK, ALREADY_IMPORTED, ORPHAN
	}

	private final long[] skipped = new long[Skip.values().length];

	private final Set<String> storiesSeen = new HashSet<>();

	private final List<ImportReport.Problem> problems = new ArrayList<>();

	// Published comments added per story, for its count.
	private final Map<Long, Long> published = new HashMap<>();

	private long created;

	private long matched;

	private long imported;

	private long pending;

	synchronized void skip(Skip reason) {
		this.skipped[reason.ordinal()]++;
	}

	synchronized void problem(int line, String message) {
		if (this.problems.size() < MAX_PROBLEMS) {
			this.problems.add(new ImportReport.Problem(line, message));
		}
	}

	/** A story written by a batch; a slug met again in a later batch is not counted twice. */
	synchronized void story(String slug, long articleId, boolean wasCreated) {
		if (this.storiesSeen.add(slug)) {
			if (wasCreated) {
				this.created++;
			}
			else {
				this.matched++;
			}
		}
	}

	synchronized void imported(long articleId, boolean isPublished) {
		this.imported++;
		if (!isPublished) {
			this.pending++;
		}
		this.published.merge(articleId, isPublished ? 1L : 0L, Long::sum);
	}

	synchronized long importedSoFar() {
		return this.imported;
	}

	/** The stories that got comments, with how many of them are published. */
	synchronized Map<Long, Long> publishedByStory() {
		return Map.copyOf(this.published);
	}

	synchronized ImportReport report(String source, boolean dryRun) {
		return new ImportReport(source, dryRun, new ImportReport.Stories(this.created, this.matched),
				new ImportReport.Comments(this.imported, this.pending,
						new ImportReport.Skipped(count(Skip.SPAM), count(Skip.TRASH), count(Skip.DELETED),
								count(Skip.PINGBACK), count(Skip.TRACKBACK), count(Skip.ALREADY_IMPORTED),
								count(Skip.ORPHAN))),
				List.copyOf(this.problems));
	}

	private long count(Skip reason) {
		return this.skipped[reason.ordinal()];
	}

}
