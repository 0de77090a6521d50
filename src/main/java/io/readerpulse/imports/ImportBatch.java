package io.readerpulse.imports;

import java.util.List;

/**
 * Stories and their comments, written together. Every parent a comment names is in the same batch or was
 * imported before.
 *
 * @param site the site the export is of, as the file names it (empty if it does not)
 * @param stories the stories, each once
 * @param comments the comments, in any order (foreign keys are checked at the end of the statement)
 */
record ImportBatch(String site, List<ImportedStory> stories, List<ImportedComment> comments) {
}
