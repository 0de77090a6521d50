package io.readerpulse.imports;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A comment of an export, with its parent already resolved to one that is imported.
 *
 * @param key its id in the export, unique per site (WXR ids are prefixed with their post's)
 * @param parentKey the key of its parent, or {@code null} for a top-level comment
 * @param slug its story's slug
 * @param authorName the author's name, decoded
 * @param email the author's email, empty if none
 * @param body the plain text
 * @param createdAt when it was written
 * @param published whether it was public ({@code PUBLISHED}) rather than held ({@code PENDING})
 */
record ImportedComment(String key, @Nullable String parentKey, String slug, String authorName, String email,
		String body, Instant createdAt, boolean published) {
}
