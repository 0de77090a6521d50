/**
 * The shared web kernel, knowing no feature: problem responses, request limits, rate limiting, the client
 * address, paging.
 */
@NullMarked
package io.readerpulse.web;

import org.jspecify.annotations.NullMarked;
