package io.readerpulse.article;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.readerpulse.live.Stats;

/**
 * A story as the API shows it.
 *
 * @param slug the address of the story, {@code [a-z0-9-]{1,120}}
 * @param title the headline
 * @param url the story's page on the news site
 * @param section the site section, if any
 * @param summary a short summary, if any
 * @param publishedAt when the story was first published
 * @param updatedAt when the story was last updated
 * @param stats the story's engagement
 */
public record Article(String slug, String title, String url, @Nullable String section, @Nullable String summary,
		Instant publishedAt, Instant updatedAt, Stats stats) {
}
