package io.readerpulse.article;

/**
 * Published (as an application event) when a story is deleted, so that live streams and caches let go of it.
 *
 * @param articleId the deleted article's id
 * @param slug the deleted article's slug
 */
public record ArticleDeleted(long articleId, String slug) {
}
