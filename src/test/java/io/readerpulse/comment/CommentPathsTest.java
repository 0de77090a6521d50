package io.readerpulse.comment;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests the comment route answers: a guest's {@code POST /api/articles/{slug}/comments} on a plain
 * slug; everything else goes on to WebFlux.
 */
class CommentPathsTest {

	@Test
	void aStorysComments() {
		assertThat(CommentRoute.slugOf("/api/articles/kim-putin/comments")).isEqualTo("kim-putin");
		assertThat(CommentRoute.slugOf("/api/articles/kim%2Dputin/comments")).as("decoded").isEqualTo("kim-putin");
	}

	@Test
	void aGuestsPostOnAPlainSlugIsTakenAndEverythingElseLeftToWebFlux() {
		assertThat(CommentRoute.takes(HttpMethod.POST, "/api/articles/kim-putin/comments", false)).isTrue();
		assertThat(CommentRoute.takes(HttpMethod.GET, "/api/articles/kim-putin/comments", false)).as("a list").isFalse();
		assertThat(CommentRoute.takes(HttpMethod.OPTIONS, "/api/articles/kim-putin/comments", false)).isFalse();
		assertThat(CommentRoute.takes(HttpMethod.POST, "/api/articles/kim-putin/comments", true))
			.as("with credentials: the security chain").isFalse();
		assertThat(CommentRoute.takes(HttpMethod.POST, "/api/articles/kim-putin/comments?x=1", false))
			.as("a query: WebFlux's parameter checks").isFalse();
		assertThat(CommentRoute.takes(HttpMethod.POST, "/api/articles/a%2Fb/comments", false))
			.as("an escape: WebFlux's firewall").isFalse();
		assertThat(CommentRoute.takes(HttpMethod.POST, "/api/articles/%zz/comments", false)).isFalse();
		assertThat(CommentRoute.takes(HttpMethod.POST, "/api/articles/a;b/comments", false)).isFalse();
		assertThat(CommentRoute.takes(HttpMethod.POST, "/api/articles/kim-putin/comments/1", false)).isFalse();
	}

	@Test
	void otherPathsAreNotAStorysComments() {
		assertThat(CommentRoute.slugOf("/api/articles/kim-putin/comments/")).isNull();
		assertThat(CommentRoute.slugOf("/api/articles/kim-putin/comments/12")).isNull();
		assertThat(CommentRoute.slugOf("/api/articles//comments")).isNull();
		assertThat(CommentRoute.slugOf("/api/articles/a/b/comments")).isNull();
		assertThat(CommentRoute.slugOf("/api/moderation/comments")).isNull();
		assertThat(CommentRoute.slugOf("/api/comments/12")).isNull();
		assertThat(CommentRoute.slugOf("/api/articles/kim-putin/views")).isNull();
	}

}
