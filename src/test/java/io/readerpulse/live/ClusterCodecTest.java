package io.readerpulse.live;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format of the notices that instances exchange.
 */
class ClusterCodecTest {

	private final ClusterCodec codec = new ClusterCodec(JsonMapper.builder().build());

	@Test
	void everyKindOfNoticeSurvivesTheRoundTrip() {
		for (ClusterNotice notice : new ClusterNotice[] { new ClusterNotice.CommentsChanged(7, 12, 11),
				new ClusterNotice.ViewsChanged(7, 1_000_000, 400_000),
				new ClusterNotice.ReactionsChanged(7, new Stats.Reactions(1, 2, 3, 4, 5, 6)),
				new ClusterNotice.Readers(Map.of(7L, 3L, 8L, 1L), Map.of(7L, 2L), true),
				new ClusterNotice.StoriesCreated(java.util.List.of("kim-putin-video", "budget-2027")) }) {
			ClusterNotice.Envelope envelope = new ClusterNotice.Envelope("a1b2c3d4", notice);
			assertThat(this.codec.decode(this.codec.encode(envelope))).contains(envelope);
		}
	}

	@Test
	void anInstanceKnowsItsOwnNoticesWithoutReadingThem() {
		for (ClusterNotice notice : new ClusterNotice[] { new ClusterNotice.CommentsChanged(7, 12, 11),
				new ClusterNotice.Readers(Map.of(7L, 3L), Map.of(), false) }) {
			String payload = this.codec.encode(new ClusterNotice.Envelope("a1b2c3d4", notice));
			assertThat(ClusterCodec.isFrom(payload, "a1b2c3d4")).isTrue();
			assertThat(ClusterCodec.isFrom(payload, "a1b2c3d")).isFalse();
			assertThat(ClusterCodec.isFrom(payload, "e5f6a7b8")).isFalse();
		}
		assertThat(ClusterCodec.isFrom("a1b2c3d4 c 7 12 11", "a1b2c3d4")).isFalse();
	}

	@Test
	void aPayloadThatIsNotANoticeIsIgnored() {
		assertThat(this.codec.decode("a1b2c3d4 c 7 12 11")).isEmpty();
		assertThat(this.codec.decode("{\"from\":\"a1b2c3d4\",\"notice\":{\"type\":\"unknown\"}}")).isEmpty();
		assertThat(this.codec.decode("{\"from\":\"a1b2c3d4\"}")).isEmpty();
		assertThat(this.codec.decode("")).isEmpty();
	}

	@Test
	void aFullReadersNoticeStaysUnderTheNotificationLimit() {
		// Readers and engaged readers share the 150 entries a notice carries.
		Map<Long, Long> readers = new java.util.HashMap<>();
		Map<Long, Long> engaged = new java.util.HashMap<>();
		for (long i = 0; i < 150; i++) {
			(i % 2 == 0 ? readers : engaged).put(Long.MAX_VALUE - i, Long.MAX_VALUE - i);
		}
		String payload = this.codec.encode(new ClusterNotice.Envelope("a1b2c3d4", new ClusterNotice.Readers(readers, engaged, true)));
		assertThat(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThan(8000);
	}

	@Test
	void aFullStoriesNoticeStaysUnderTheNotificationLimit() {
		// Slugs are at most 120 characters (V1's check).
		java.util.List<String> slugs = java.util.Collections.nCopies(StoryNews.SLUGS_PER_NOTICE, "a".repeat(120));
		String payload = this.codec.encode(new ClusterNotice.Envelope("a1b2c3d4", new ClusterNotice.StoriesCreated(slugs)));
		assertThat(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThan(8000);
	}

	@Test
	void aStoriesNoticeWithoutSlugsNamesNoStory() {
		assertThat(this.codec.decode("{\"from\":\"a1b2c3d4\",\"notice\":{\"type\":\"stories\"}}"))
			.contains(new ClusterNotice.Envelope("a1b2c3d4", new ClusterNotice.StoriesCreated(java.util.List.of())));
		assertThat(this.codec.decode("{\"from\":\"a1b2c3d4\",\"notice\":{\"type\":\"stories\",\"slugs\":[\"a\",null]}}"))
			.contains(new ClusterNotice.Envelope("a1b2c3d4", new ClusterNotice.StoriesCreated(java.util.List.of("a"))));
	}

	@Test
	void aReadersNoticeWithoutEngagedReadersIsStillUnderstood() {
		// What an instance of the previous version sends during a rolling upgrade.
		assertThat(this.codec.decode("{\"from\":\"a1b2c3d4\",\"notice\":{\"type\":\"readers\",\"readers\":{\"7\":3},\"continued\":false}}"))
			.contains(new ClusterNotice.Envelope("a1b2c3d4", new ClusterNotice.Readers(Map.of(7L, 3L), Map.of(), false)));
	}

	@Test
	void ofTwoWaitingNoticesTheNewerIsSent() {
		assertThat(new ClusterNotice.CommentsChanged(7, 12, 11).supersedes(new ClusterNotice.CommentsChanged(7, 11, 10)))
			.isTrue();
		assertThat(new ClusterNotice.CommentsChanged(7, 11, 10).supersedes(new ClusterNotice.CommentsChanged(7, 12, 11)))
			.isFalse();
		assertThat(new ClusterNotice.ViewsChanged(7, 10, 5).supersedes(new ClusterNotice.ViewsChanged(7, 20, 6))).isFalse();
		assertThat(new ClusterNotice.ReactionsChanged(7, Stats.Reactions.NONE)
			.supersedes(new ClusterNotice.ReactionsChanged(7, new Stats.Reactions(1, 0, 0, 0, 0, 0)))).isTrue();
	}

}
