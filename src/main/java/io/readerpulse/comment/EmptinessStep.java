package io.readerpulse.comment;

import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Rejects comments whose name or body is nothing but blanks and invisible characters, which length checks
 * let through.
 */
@Component
@Order(1)
final class EmptinessStep implements ModerationStep {

	private static final Pattern INVISIBLE = Pattern.compile("[\\p{Z}\\s\\p{Cf}\\p{Cc}]+");

	@Override
	public Mono<Verdict> judge(Submission submission) {
		if (isEmpty(submission.request().body()) || isEmpty(submission.request().name())) {
			return Mono.just(Verdict.reject("The comment has no visible text."));
		}
		return Mono.just(Verdict.PASS);
	}

	private static boolean isEmpty(String text) {
		return INVISIBLE.matcher(text).replaceAll("").isEmpty();
	}

}
