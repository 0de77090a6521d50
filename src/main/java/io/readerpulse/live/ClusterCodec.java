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

	private final JsonMapper json;

	ClusterCodec(JsonMapper json) {
		this.json = json;
	}

	String encode(ClusterNotice.Envelope envelope) {
		return this.json.writeValueAsString(envelope);
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
