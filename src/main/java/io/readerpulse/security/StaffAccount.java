package io.readerpulse.security;

import java.time.Instant;

/**
 * A staff member's sign-in account as stored.
 *
 * @param username the sign-in name
 * @param passwordHash the adaptive hash of the password, in Spring Security's {@code {id}hash} form
 * @param role what the account may do
 * @param createdAt when the account was created
 */
record StaffAccount(String username, String passwordHash, StaffRole role, Instant createdAt) {
}
