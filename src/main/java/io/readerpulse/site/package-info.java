/**
 * The site's own pages: static HTML and scripts that use the public API and its streams, served under a
 * strict Content-Security-Policy.
 */
@NullMarked
package io.readerpulse.site;

import org.jspecify.annotations.NullMarked;
