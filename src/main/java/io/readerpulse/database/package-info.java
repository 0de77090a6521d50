/**
 * Database connection setup and the embedded PostgreSQL used when none is configured.
 */
@NullMarked
package io.readerpulse.database;

import org.jspecify.annotations.NullMarked;
