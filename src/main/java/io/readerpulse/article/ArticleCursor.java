package io.readerpulse.article;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

import io.readerpulse.web.InvalidRequestException;
import io.readerpulse.web.StorableInstant;

/**
 * Where a page of the newest-first article list ends: the last item's publication time and id, which
 * together order articles totally. Opaque to clients.
 *
 * @param publishedAt the last item's publication time
 * @param id the last item's id
 */
record ArticleCursor(Instant publishedAt, long id) {

	String encode() {
		String plain = this.publishedAt + "|" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
	}

	static ArticleCursor decode(String cursor) {
		try {
			String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			int bar = plain.indexOf('|');
			Instant publishedAt = Instant.parse(plain.substring(0, bar));
			if (!StorableInstant.Validator.isStorable(publishedAt)) {
				throw new IllegalArgumentException("out of range");
			}
			return new ArticleCursor(publishedAt, Long.parseLong(plain.substring(bar + 1)));
		}
		catch (IllegalArgumentException | IndexOutOfBoundsException | DateTimeParseException ex) {
			throw new InvalidRequestException("cursor", "is not a cursor this API returned");
		}
	}

}
