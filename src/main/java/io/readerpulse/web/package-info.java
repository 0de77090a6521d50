/**
 * Cross-cutting web concerns: problem responses, request limits.
 */
@NullMarked
package io.readerpulse.web;

import org.jspecify.annotations.NullMarked;
