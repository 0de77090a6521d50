package io.readerpulse.comment;

import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Holds comments with more links than {@code pulse.comments.max-links}: the shape of most comment spam.
 */
@Component
@Order(3)
final class LinksStep implements ModerationStep {

	private static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)");

	private final int maxLinks;

	LinksStep(CommentProperties properties) {
		this.maxLinks = properties.maxLinks();
	}

	@Override
	public Mono<Verdict> judge(Submission submission) {
		long links = LINK.matcher(submission.request().body()).results().count();
		return Mono.just((links > this.maxLinks) ? Verdict.hold("Contains " + links + " links.") : Verdict.PASS);
	}

}
