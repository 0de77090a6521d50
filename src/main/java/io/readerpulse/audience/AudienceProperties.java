package io.readerpulse.audience;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * How the audience is kept ({@code pulse.audience.*}).
 *
 * @param siteHosts the site's own hosts, whose referrers are internal ({@code PULSE_SITE_HOSTS}); empty for
 * each story's url host
 * @param referrers the search engines and social networks by host, in Snowplow's {@code referers.json}
 * format; a newer copy of the list can replace the bundled one
 * @param minuteRetention how long per-minute figures are kept
 * @param hourRetention how long hourly roll-ups and referring hosts are kept
 * @param hostsPerHour the most referring hosts kept per story per hour; later new hosts are not listed
 * (their views still count in the sources)
 */
@ConfigurationProperties("pulse.audience")
public record AudienceProperties(@DefaultValue List<String> siteHosts,
		@DefaultValue("classpath:audience/referers.json") Resource referrers,
		@DefaultValue("48h") Duration minuteRetention, @DefaultValue("90d") Duration hourRetention,
		@DefaultValue("25") int hostsPerHour) {
}
