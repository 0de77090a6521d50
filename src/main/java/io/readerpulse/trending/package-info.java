/**
 * Trending: forward-decay engagement counters, the trending board and viral detection.
 */
@NullMarked
package io.readerpulse.trending;

import org.jspecify.annotations.NullMarked;
