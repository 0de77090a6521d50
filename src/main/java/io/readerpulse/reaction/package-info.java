/**
 * Reactions from readers' apps: one per reader per story, counted exactly.
 */
@NullMarked
package io.readerpulse.reaction;

import org.jspecify.annotations.NullMarked;
