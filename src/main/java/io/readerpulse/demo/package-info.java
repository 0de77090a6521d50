/**
 * The demo: stories for an empty database, and simulated readers that go through the public API.
 */
@NullMarked
package io.readerpulse.demo;

import org.jspecify.annotations.NullMarked;
