/**
 * Reader Pulse application root.
 */
@NullMarked
package io.readerpulse;

import org.jspecify.annotations.NullMarked;
