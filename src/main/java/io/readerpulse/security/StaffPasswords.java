package io.readerpulse.security;

import java.nio.charset.StandardCharsets;

/**
 * What a staff password may be: bcrypt reads at most 72 bytes, so a longer one is refused rather than
 * silently cut (or, as the encoder does, failed with an exception).
 */
final class StaffPasswords {

	/** The most bytes (UTF-8) bcrypt reads. */
	static final int MAX_BYTES = 72;

	static final String TOO_LONG = "must be at most " + MAX_BYTES + " bytes in UTF-8";

	private StaffPasswords() {
	}

	static boolean fits(CharSequence password) {
		return password.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
	}

}
