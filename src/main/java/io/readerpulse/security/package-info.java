/**
 * Staff accounts, authentication and the per-path access rules.
 */
@NullMarked
package io.readerpulse.security;

import org.jspecify.annotations.NullMarked;
