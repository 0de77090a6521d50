package io.readerpulse.comment;

import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Rejects a comment whose body the same sender (by email) already posted on the story within
 * {@code pulse.comments.duplicate-window}: double submits and copy-paste floods.
 */
@Component
@Order(4)
final class DuplicateStep implements ModerationStep {

	private final CommentReads comments;

	private final CommentProperties properties;

	DuplicateStep(CommentReads comments, CommentProperties properties) {
		this.comments = comments;
		this.properties = properties;
	}

	@Override
	public Mono<Verdict> judge(Submission submission) {
		return this.comments
			.isDuplicate(submission.articleId(), submission.sender(), submission.request().body(),
					this.properties.duplicateWindow())
			.map((duplicate) -> duplicate ? Verdict.reject("You already posted this comment.") : Verdict.PASS);
	}

}
