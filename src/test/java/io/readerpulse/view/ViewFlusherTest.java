package io.readerpulse.view;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.readerpulse.audience.AudienceProperties;
import io.readerpulse.audience.Referral;
import io.readerpulse.live.CommentEvent;
import io.readerpulse.live.LiveChanges;
import io.readerpulse.live.Stats;
import io.readerpulse.trending.DecayCounters;
import io.readerpulse.trending.TrendingProperties;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flush whose statement never gets an answer is given up after its timeout, and its batch is kept for
 * the next flush instead of holding up every flush after it; the next flush retries that batch as it was,
 * and views counted meanwhile wait until it has been written.
 */
class ViewFlusherTest {

	private static final ConnectionFactory UNANSWERED = new ConnectionFactory() {
		@Override
		public Publisher<? extends Connection> create() {
			return Mono.never();
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "PostgreSQL";
		}
	};

	private static final LiveChanges NOBODY = new LiveChanges() {
		@Override
		public long viewCounted(long articleId) {
			return 0;
		}

		@Override
		public void viewsCounted(long articleId, long views, long uniqueVisitors, Stats.Trending trending,
				Announced announced) {
		}

		@Override
		public void viewsWritten(long articleId, Announced announced) {
		}

		@Override
		public void commentsChanged(long articleId, long seq, long comments) {
		}

		@Override
		public void commentPublished(long articleId, CommentEvent event, long comments) {
		}

		@Override
		public void reactionsChanged(long articleId, Stats.Reactions reactions) {
		}

		@Override
		public void trendingChanged(long articleId, Stats.Trending trending) {
		}

		@Override
		public void articleRemoved(long articleId) {
		}
	};

	@Test
	void aWriteThatNeverAnswersTimesOutAndKeepsItsBatchForTheNextFlush() {
		ViewProperties views = bind("pulse.views", ViewProperties.class, Map.of("pulse.views.flush-timeout", "5s"));
		TrendingProperties trending = bind("pulse.trending", TrendingProperties.class, Map.of());
		DatabaseClient database = DatabaseClient.create(UNANSWERED);
		AudienceProperties audience = bind("pulse.audience", AudienceProperties.class, Map.of());
		ViewWriter writer = new ViewWriter(database, new DecayCounters(trending, Clock.systemUTC()), trending, audience);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ViewCounter counter = new ViewCounter(views, writer, NOBODY, new Engagement(Clock.systemUTC(), 1000),
				Clock.systemUTC(), meters);
		ViewFlusher flusher = new ViewFlusher(counter, writer, new FlushReceipts(database, views), NOBODY, views,
				meters);
		counter.count(7, 42, "203.0.113.7", Referral.DIRECT).block();

		timesOut(flusher);
		FlushBatch kept = flusher.failed();
		assertThat(kept).as("kept for the next flush").isNotNull();
		assertThat(kept.deltas()).containsOnlyKeys(7L);

		counter.count(8, 43, "203.0.113.7", Referral.DIRECT).block();
		timesOut(flusher);
		assertThat(flusher.failed()).as("retried as it was, under the same id").isSameAs(kept);
		assertThat(kept.deltas()).containsOnlyKeys(7L);
		assertThat(counter.drain()).as("newer views wait for the retry").containsOnlyKeys(8L);
	}

	private static void timesOut(ViewFlusher flusher) {
		StepVerifier.withVirtualTime(flusher::flush)
			.thenAwait(Duration.ofSeconds(5))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(5));
	}

	private static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, Bindable.of(type));
	}

}
