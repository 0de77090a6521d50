package io.readerpulse.imports;

import java.util.List;

/**
 * What an import stored, or would store ({@code dryRun}), and what it skipped and why.
 *
 * @param source {@code wordpress} or {@code disqus}
 * @param dryRun whether nothing was written
 * @param stories stories created for the comments, and existing ones they were matched to
 * @param comments comments imported (of which {@code pending} are held for moderation) and skipped
 * @param problems the first {@value ImportTally#MAX_PROBLEMS} oddities met in the file
 */
public record ImportReport(String source, boolean dryRun, Stories stories, Comments comments, List<Problem> problems) {

	/**
	 * @param created stories that did not exist
	 * @param matched existing stories, matched by slug
	 */
	public record Stories(long created, long matched) {
	}

	/**
	 * @param imported comments stored
	 * @param pending of those, comments held for moderation
	 * @param skipped comments not stored, by reason
	 */
	public record Comments(long imported, long pending, Skipped skipped) {
	}

	/**
	 * Comments not stored, by reason.
	 *
	 * @param spam marked as spam
	 * @param trash in the trash
	 * @param deleted deleted (Disqus)
	 * @param pingback pingbacks (WordPress)
	 * @param trackback trackbacks (WordPress)
	 * @param alreadyImported imported before, from this or an older export of the site
	 * @param orphan posts whose thread is not in the file (Disqus)
	 */
	public record Skipped(long spam, long trash, long deleted, long pingback, long trackback, long alreadyImported,
			long orphan) {
	}

	/**
	 * Something odd in the file that did not stop the import.
	 *
	 * @param line where it is
	 * @param message what it is
	 */
	public record Problem(int line, String message) {
	}

}
