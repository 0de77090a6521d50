/**
 * Bringing a site's comment history from WordPress (WXR) and Disqus exports: streamed, secure parsing and
 * set-based, all-or-nothing writes.
 */
@NullMarked
package io.readerpulse.imports;

import org.jspecify.annotations.NullMarked;
