/**
 * Views: browser beacons, visitor identity, crawler filtering and the write-behind view counter.
 */
@NullMarked
package io.readerpulse.view;

import org.jspecify.annotations.NullMarked;
