package io.readerpulse.article;

/**
 * How many readers have a story open right now; implemented by the live streams.
 */
public interface LiveReaders {

	/**
	 * The number of open streams on the article.
	 * @param articleId the article's id
	 * @return readers with the article open now
	 */
	long readingNow(long articleId);

}
