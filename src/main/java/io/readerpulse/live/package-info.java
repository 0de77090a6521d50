/**
 * Live fan-out, knowing no feature: per-story stats topics, comment event delivery and replay, server-sent
 * event streams, readers-now counting, and the notices that carry changes between instances. Features call
 * in through {@link io.readerpulse.live.LiveChanges} and implement its ports
 * ({@link io.readerpulse.live.StatsSource}, {@link io.readerpulse.live.CommentEventLog}); nothing here calls
 * out.
 */
@NullMarked
package io.readerpulse.live;

import org.jspecify.annotations.NullMarked;
