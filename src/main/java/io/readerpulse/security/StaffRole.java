package io.readerpulse.security;

import java.util.List;

/**
 * What a staff member may do. An administrator may do everything the other roles may.
 */
public enum StaffRole {

	/** Publishes, updates and removes stories. */
	EDITOR,

	/** Moderates readers' comments. */
	MODERATOR,

	/** Manages staff accounts and operations, and may act as editor and moderator. */
	ADMIN;

	/**
	 * The Spring Security roles this staff role grants.
	 * @return the granted role names, without the {@code ROLE_} prefix
	 */
	List<String> grantedRoles() {
		return (this == ADMIN) ? List.of(ADMIN.name(), EDITOR.name(), MODERATOR.name()) : List.of(name());
	}

}
