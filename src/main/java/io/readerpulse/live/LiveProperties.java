package io.readerpulse.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live stream settings ({@code pulse.live.*}).
 *
 * @param statsInterval the shortest time between two {@code stats} events of one article
 * @param heartbeat how often an idle stream gets a comment line, which keeps proxies from closing it and
 * finds readers that vanished without closing
 */
@ConfigurationProperties("pulse.live")
public record LiveProperties(@DefaultValue("1s") Duration statsInterval, @DefaultValue("25s") Duration heartbeat) {
}
