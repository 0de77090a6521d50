package io.readerpulse.imports;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * The times exports write.
 */
final class Dates {

	private static final DateTimeFormatter WORDPRESS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private Dates() {
	}

	/**
	 * A WordPress time, {@code 2015-03-01 10:00:00} in UTC (the {@code _gmt} fields).
	 * @return the instant, or {@code null} if it is empty, zero (drafts) or not a time
	 */
	static @Nullable Instant wordPress(String value) {
		if (value.isEmpty() || value.startsWith("0000")) {
			return null;
		}
		try {
			return LocalDateTime.parse(value, WORDPRESS).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * A Disqus time, ISO-8601 such as {@code 2015-03-01T10:00:00Z}.
	 * @return the instant, or {@code null} if it is not one
	 */
	static @Nullable Instant iso(String value) {
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException again) {
				return null;
			}
		}
	}

}
