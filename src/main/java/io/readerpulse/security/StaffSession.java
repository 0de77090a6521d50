package io.readerpulse.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

/**
 * A signed-in staff member's page session, as the pages see it: who, in which role, and the token their
 * scripts send with every change.
 *
 * @param username the staff member
 * @param role their role
 * @param csrfToken the token the pages send in {@code X-CSRF-Token} with every change they ask the API for
 */
public record StaffSession(String username, StaffRole role, String csrfToken) {

	/**
	 * The session behind an authentication, if it came from one.
	 * @param authentication the request's authentication
	 * @return the session, or {@code null} for other credentials
	 */
	public static @Nullable StaffSession of(@Nullable Authentication authentication) {
		return (authentication != null && authentication.getDetails() instanceof StaffSession session) ? session : null;
	}

	/**
	 * Whether the staff member may moderate comments.
	 * @return {@code true} for moderators and administrators
	 */
	public boolean moderates() {
		return this.role.grantedRoles().contains(StaffRole.MODERATOR.name());
	}

	boolean acceptsToken(@Nullable String token) {
		return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
				this.csrfToken.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		// Never the token: a session may end up in a log line.
		return "StaffSession[" + this.username + ", " + this.role + "]";
	}

}
