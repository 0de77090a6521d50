package io.readerpulse.comment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which paths the comment route answers: exactly {@code /api/articles/{slug}/comments}, as the WebFlux
 * pattern matched them; everything else goes on to WebFlux.
 */
class CommentPathsTest {

	@Test
	void aStorysComments() {
		assertThat(CommentRoute.slugOf("/api/articles/kim-putin/comments")).isEqualTo("kim-putin");
		assertThat(CommentRoute.slugOf("/api/articles/kim%2Dputin/comments")).as("decoded").isEqualTo("kim-putin");
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
