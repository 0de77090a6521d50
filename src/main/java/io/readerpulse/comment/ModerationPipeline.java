package io.readerpulse.comment;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Runs the moderation steps in order: the first rejection decides; otherwise any hold makes the comment
 * {@code PENDING}, and no objection publishes it.
 */
@Component
final class ModerationPipeline {

	private final List<ModerationStep> steps;

	ModerationPipeline(List<ModerationStep> steps) {
		this.steps = steps;
	}

	Mono<ModerationStep.Verdict> judge(ModerationStep.Submission submission) {
		return Flux.fromIterable(this.steps)
			.concatMap((step) -> step.judge(submission))
			.takeUntil((verdict) -> verdict.outcome() == ModerationStep.Outcome.REJECT)
			.reduce(ModerationStep.Verdict.PASS, (decided, next) -> (next.outcome().ordinal() > decided.outcome().ordinal())
					? next : decided);
	}

}
