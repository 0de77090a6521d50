package io.readerpulse.view;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which paths the beacon route answers: exactly {@code /api/articles/{slug}/views} and {@code /pings}, as
 * the WebFlux pattern matched them; everything else goes on to WebFlux.
 */
class BeaconPathsTest {

	@Test
	void viewsAndPingsOfAStory() {
		assertThat(BeaconRoute.slugOf("/api/articles/kim-putin/views")).isEqualTo("kim-putin");
		assertThat(BeaconRoute.slugOf("/api/articles/kim-putin/pings")).isEqualTo("kim-putin");
		assertThat(BeaconRoute.slugOf("/api/articles/kim%2Dputin/views")).as("decoded").isEqualTo("kim-putin");
	}

	@Test
	void otherPathsAreNotBeacons() {
		assertThat(BeaconRoute.slugOf("/api/articles/kim-putin/views/")).isNull();
		assertThat(BeaconRoute.slugOf("/api/articles//views")).isNull();
		assertThat(BeaconRoute.slugOf("/api/articles/a/b/views")).isNull();
		assertThat(BeaconRoute.slugOf("/api/articles/kim-putin/stream")).isNull();
		assertThat(BeaconRoute.slugOf("/api/articles/views")).isNull();
		assertThat(BeaconRoute.slugOf("/api/articlesx/kim/views")).isNull();
		assertThat(BeaconRoute.slugOf("/api/articles/%zz/views")).as("a malformed escape: WebFlux refuses it").isNull();
		assertThat(BeaconRoute.slugOf("/other/api/articles/kim/views")).isNull();
	}

}
