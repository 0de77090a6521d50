package io.readerpulse.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live stream settings ({@code pulse.live.*}).
 *
 * @param statsInterval the shortest time between two {@code stats} events of one article
 * @param heartbeat how often every stream gets a comment line, which keeps proxies from closing it and
 * finds readers that vanished without closing (story streams each have their own moment in the period, so
 * that not all of them get one at once)
 * @param reconnectDelay the least time a client waits before it reconnects a stream the service ended
 * @param reconnectJitter how much longer, at random, each client waits on top, so that the readers of an
 * instance that restarts do not all come back in the same second
 * @param opensPerSecond the most streams this instance opens per second; past it, and while the instance is
 * not ready, a stream is answered at once with "come back later" ({@code retry:} up to {@code busyRetry},
 * then the end) and costs no database work; 0 for no limit
 * @param busyRetry the longest a "come back later" answer tells a client to wait; each waits a random time
 * between {@code reconnectDelay} and this
 */
@ConfigurationProperties("pulse.live")
public record LiveProperties(@DefaultValue("1s") Duration statsInterval, @DefaultValue("25s") Duration heartbeat,
		@DefaultValue("2s") Duration reconnectDelay, @DefaultValue("10s") Duration reconnectJitter,
		@DefaultValue("1000") int opensPerSecond, @DefaultValue("30s") Duration busyRetry) {
}
