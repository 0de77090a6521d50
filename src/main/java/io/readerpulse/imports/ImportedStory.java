package io.readerpulse.imports;

import java.time.Instant;

/**
 * A post, page or thread of an export, as the story its comments belong to.
 *
 * @param slug the story's slug
 * @param title its title, for a story that is created
 * @param url its address
 * @param publishedAt when it was published
 */
record ImportedStory(String slug, String title, String url, Instant publishedAt) {
}
