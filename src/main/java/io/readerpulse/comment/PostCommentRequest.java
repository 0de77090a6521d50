package io.readerpulse.comment;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A comment as a reader sends it ("Required fields are marked *").
 *
 * @param name the author's name, shown with the comment
 * @param email the author's email, for moderators only
 * @param body the text
 * @param parentId the published comment of the same story this one replies to, if any
 */
record PostCommentRequest(@NotBlank @Size(max = 80) String name,
		@NotBlank @Size(max = 254) @Email(message = "must be a valid email address") String email,
		@NotBlank @Size(max = 5000) String body, @Nullable Long parentId) {
}
