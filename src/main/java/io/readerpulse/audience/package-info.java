/**
 * Audience over time: where readers come from, views and engaged time per minute, and the staff views of
 * them (the audience endpoint and the dashboard stream).
 */
@NullMarked
package io.readerpulse.audience;

import org.jspecify.annotations.NullMarked;
