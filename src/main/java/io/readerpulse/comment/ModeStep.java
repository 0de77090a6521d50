package io.readerpulse.comment;

import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * With {@code PULSE_MODERATION=pre}, holds every comment for a moderator.
 */
@Component
@Order(5)
final class ModeStep implements ModerationStep {

	private final boolean preModeration;

	ModeStep(CommentProperties properties) {
		this.preModeration = properties.moderation() == CommentProperties.Moderation.PRE;
	}

	@Override
	public Mono<Verdict> judge(Submission submission) {
		return Mono.just(this.preModeration ? Verdict.hold("Pre-moderation is on.") : Verdict.PASS);
	}

}
