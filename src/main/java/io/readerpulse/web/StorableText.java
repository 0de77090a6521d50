package io.readerpulse.web;

/**
 * Text that PostgreSQL can store: no NUL character and no half of a surrogate pair. Every piece of text a
 * client sends is checked against it before it gets near a statement, so that such text is a 400 naming the
 * field instead of a failed statement.
 */
public final class StorableText {

	/** What clients are told when they send text that is not. */
	public static final String MESSAGE = "must not contain NUL characters or unpaired surrogates";

	private StorableText() {
	}

	/**
	 * Whether the text can be stored.
	 * @param text the text
	 * @return {@code false} if it holds a NUL or an unpaired surrogate
	 */
	public static boolean isStorable(CharSequence text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 0) {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
