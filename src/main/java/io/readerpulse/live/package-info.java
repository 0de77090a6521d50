/**
 * Live fan-out: per-article stats topics, server-sent event streams and readers-now counting.
 */
@NullMarked
package io.readerpulse.live;

import org.jspecify.annotations.NullMarked;
