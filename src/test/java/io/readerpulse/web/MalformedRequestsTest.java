package io.readerpulse.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which request targets carry a malformed percent-escape.
 */
class MalformedRequestsTest {

	@ParameterizedTest
	@ValueSource(strings = { "/%", "/a%4", "/%zz", "/a%4g/b", "/a%g4", "/ok?q=%", "/ok?q=%2", "/ok?q=a&b=%x1", "/%41%" })
	void aPercentWithoutTwoHexDigitsIsMalformed(String uri) {
		assertThat(MalformedRequests.malformedEscape(uri)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/api/articles/kim-putin/stream", "/%41", "/%e2%82%AC", "/a?q=%20&r=%2F", "/%25zz" })
	void wellFormedTargetsAreNot(String uri) {
		assertThat(MalformedRequests.malformedEscape(uri)).isFalse();
	}

}
