package io.readerpulse.article;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * With {@code PULSE_DEMO_TRAFFIC} on, simulated readers make the newest story move, through the public API.
 */
@TestPropertySource(properties = "pulse.demo-traffic=true")
// Simulated readers pick the newest stories: they must stop before other tests create theirs.
@DirtiesContext
class DemoTrafficIT extends IntegrationTest {

	@Test
	void theNewestStoryGetsViewsAndReadersComment() {
		String slug = newArticle();
		await().atMost(Duration.ofSeconds(20)).until(() -> statsOf(slug).views() > 0);
		await().atMost(Duration.ofSeconds(30)).until(() -> statsOf(slug).uniqueVisitors() > 5);
	}

}
