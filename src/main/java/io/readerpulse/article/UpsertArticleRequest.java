package io.readerpulse.article;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import io.readerpulse.web.StorableInstant;

/**
 * What an editor (or the CMS acting as one) sends to create or update a story.
 *
 * @param title the headline
 * @param url the story's absolute http(s) address on the news site
 * @param section the site section, if any
 * @param summary a short summary, if any
 * @param publishedAt when the story was first published; defaults to when it was first stored
 * @param updatedAt when the story was last updated; defaults to now
 */
public record UpsertArticleRequest(
		@NotBlank @Size(max = 300) String title,
		@NotBlank @Size(max = 2048) @Pattern(regexp = "https?://[^\\s/$.?#][^\\s]*",
				message = "must be an absolute http or https URL") String url,
		@Nullable @Size(min = 1, max = 60) @Pattern(regexp = "[a-z0-9-]+",
				message = "must be lower-case letters, digits or dashes") String section,
		@Nullable @Size(max = 2000) String summary,
		@Nullable @StorableInstant Instant publishedAt,
		@Nullable @StorableInstant Instant updatedAt) {
}
