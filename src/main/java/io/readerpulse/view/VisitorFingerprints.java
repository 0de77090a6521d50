package io.readerpulse.view;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Turns whatever identifies a visitor into a 64-bit fingerprint: the {@code visitorId} a page sends, else
 * the {@code X-Visitor-Id} header, else a hash of the client address and User-Agent salted with the
 * day's secret. Only fingerprints are kept; addresses and ids are never stored or logged. Two visitors
 * share a fingerprint with probability about n²/2⁶⁵ (under 10⁻⁷ for a million visitors of one story).
 */
@Component
public final class VisitorFingerprints {

	/** The longest visitor id accepted. */
	static final int MAX_ID_LENGTH = 128;

	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	});

	private final VisitorSalts salts;

	VisitorFingerprints(VisitorSalts salts) {
		this.salts = salts;
	}

	/**
	 * A sender's fingerprint: the client address, hashed with today's salt, so that one sender can be told
	 * again within a day without the address being kept.
	 * @param clientAddress the client's address
	 * @return the fingerprint
	 */
	public Mono<Long> senderOf(String clientAddress) {
		return this.salts.today().map((salt) -> hash(salt, "sender", clientAddress));
	}

	Mono<Long> of(@Nullable String visitorId, @Nullable String clientAddress, @Nullable String userAgent) {
		if (visitorId != null && !visitorId.isBlank()) {
			return Mono.just(ofId(visitorId));
		}
		return this.salts.today().map((salt) -> hash(salt, String.valueOf(clientAddress), String.valueOf(userAgent)));
	}

	/**
	 * The fingerprint of a visitor the page names (no salt: the page keeps the id, not the service).
	 * @param visitorId the page's id for the visitor, not blank
	 * @return the fingerprint
	 */
	long ofId(String visitorId) {
		return hash(null, "id", visitorId);
	}

	private static long hash(byte @Nullable [] salt, String first, String second) {
		MessageDigest digest = SHA_256.get();
		if (salt != null) {
			digest.update(salt);
		}
		digest.update(first.getBytes(StandardCharsets.UTF_8));
		digest.update((byte) 0);
		digest.update(second.getBytes(StandardCharsets.UTF_8));
		return ByteBuffer.wrap(digest.digest()).getLong();
	}

}
