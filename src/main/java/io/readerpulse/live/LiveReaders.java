package io.readerpulse.live;

/**
 * How many readers have a story open right now, on every instance.
 */
public interface LiveReaders {

	/**
	 * The number of open streams on the article, here and on the other instances.
	 * @param articleId the article's id
	 * @return readers with the article open now
	 */
	long readingNow(long articleId);

}
