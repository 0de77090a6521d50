package io.readerpulse.live;

import io.netty.buffer.ByteBuf;

/**
 * A story's stats that go out with a comment event, in the same write to each reader (see
 * {@link StatsTopic#along}).
 *
 * @param stats the stats
 * @param event their event, the same bytes for every reader
 * @param done run once every reader has been handed them: releases the event and the topic's delivery
 */
record AlongStats(Stats stats, ByteBuf event, Runnable done) {
}
