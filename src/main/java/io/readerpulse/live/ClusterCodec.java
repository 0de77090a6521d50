package io.readerpulse.live;

import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The wire format of cluster notices: JSON, small enough for PostgreSQL's 8,000-byte notification payload.
 */
@Component
final class ClusterCodec {

	// How every encoded notice starts: its sender first (see #isFrom).
	private static final String FROM = "{\"from\":\"";

	private final JsonMapper json;

	ClusterCodec(JsonMapper json) {
		this.json = json;
	}

	String encode(ClusterNotice.Envelope envelope) {
		return this.json.writeValueAsString(envelope);
	}

	/**
	 * Whether a notification is the given instance's own, told from its first characters without reading it:
	 * every instance hears its own notices back, one per round it sends, in the middle of its fan-out.
	 * @param payload the notification's payload
	 * @param instance the instance
	 * @return {@code true} if it was sent by that instance
	 */
	static boolean isFrom(String payload, String instance) {
		return payload.startsWith(FROM) && payload.startsWith(instance, FROM.length())
				&& payload.startsWith("\",", FROM.length() + instance.length());
	}

	/**
	 * Reads a notification.
	 * @param payload the notification's payload
	 * @return the notice, or empty if the payload is not one (another version, or not ours)
	 */
	Optional<ClusterNotice.Envelope> decode(String payload) {
		try {
			ClusterNotice.Envelope envelope = this.json.readValue(payload, ClusterNotice.Envelope.class);
			return (envelope.from() != null && envelope.notice() != null) ? Optional.of(envelope) : Optional.empty();
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

}
