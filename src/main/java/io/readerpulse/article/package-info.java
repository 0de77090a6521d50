/**
 * Articles: the stories readers open, addressed by slug.
 */
@NullMarked
package io.readerpulse.article;

import org.jspecify.annotations.NullMarked;
