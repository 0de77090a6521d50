package io.readerpulse.audience;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import io.readerpulse.live.LiveEngagement;

import org.springframework.stereotype.Component;

/**
 * Assembles a story's audience from what is stored and who is engaged now.
 */
@Component
final class StoryAudience {

	private final AudienceReads reads;

	private final LiveEngagement engagement;

	private final Clock clock;

	StoryAudience(AudienceReads reads, LiveEngagement engagement, Clock clock) {
		this.reads = reads;
		this.engagement = engagement;
		this.clock = clock;
	}

	Mono<Audience> of(String slug, long articleId, int minutes) {
		MinuteSeries span = MinuteSeries.endingAt(this.clock.instant(), minutes);
		Mono<Map<Long, List<AudienceReads.Stored>>> stored = this.reads.minutes(new Long[] { articleId }, span.from(),
				span.to());
		Mono<List<Audience.ReferringHost>> referrers = this.reads.referrers(articleId, span.fromHour(), span.to())
			.collectList();
		return Mono.zip(stored, referrers).map((both) -> {
			List<AudienceReads.Stored> story = both.getT1().getOrDefault(articleId, List.of());
			List<Audience.MinuteFigures> figures = span.fill(story);
			long views = figures.stream().mapToLong(Audience.MinuteFigures::views).sum();
			long engaged = figures.stream().mapToLong(Audience.MinuteFigures::engagedSeconds).sum();
			double average = (views == 0) ? 0 : Math.round(10.0 * engaged / views) / 10.0;
			return new Audience(slug, span.from(), span.to(), figures, MinuteSeries.sources(story), both.getT2(),
					this.engagement.engagedNow(articleId), average);
		});
	}

}
