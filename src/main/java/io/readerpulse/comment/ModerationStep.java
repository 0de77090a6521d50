package io.readerpulse.comment;

import reactor.core.publisher.Mono;

/**
 * One rule of the moderation pipeline. Steps run in {@link org.springframework.core.annotation.Order order};
 * the first rejection ends the pipeline, and any hold sends the comment to moderators.
 */
interface ModerationStep {

	/**
	 * Judges a comment.
	 * @param submission the comment and where it goes
	 * @return the verdict
	 */
	Mono<Verdict> judge(Submission submission);

	/**
	 * A comment on its way in.
	 *
	 * @param articleId the story
	 * @param request what the reader sent
	 */
	record Submission(long articleId, PostCommentRequest request, long sender) {
	}

	/**
	 * A step's verdict.
	 *
	 * @param outcome what the step decided
	 * @param reason why, for moderators and (when rejected) for the sender
	 */
	record Verdict(Outcome outcome, String reason) {

		static final Verdict PASS = new Verdict(Outcome.PASS, "");

		static Verdict hold(String reason) {
			return new Verdict(Outcome.HOLD, reason);
		}

		static Verdict reject(String reason) {
			return new Verdict(Outcome.REJECT, reason);
		}

	}

	/** What a step can decide. */
	enum Outcome {

		/** No objection. */
		PASS,

		/** Hold for a moderator. */
		HOLD,

		/** Refuse. */
		REJECT

	}

}
