package io.readerpulse.comment;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Holds comments that contain a banned word ({@code PULSE_BANNED_WORDS}): whole words only, in any case,
 * so that banning "ass" does not hold "class".
 */
@Component
@Order(2)
final class BannedWordsStep implements ModerationStep {

	private final @Nullable Pattern banned;

	BannedWordsStep(CommentProperties properties) {
		List<String> words = properties.bannedWords().stream().map(String::trim).filter((w) -> !w.isEmpty()).toList();
		this.banned = words.isEmpty() ? null
				: Pattern.compile(words.stream().map(Pattern::quote).collect(Collectors.joining("|", "(?<![\\p{L}\\p{N}])(?:", ")(?![\\p{L}\\p{N}])")),
						Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
	}

	@Override
	public Mono<Verdict> judge(Submission submission) {
		Pattern pattern = this.banned;
		if (pattern != null && (pattern.matcher(submission.request().body()).find()
				|| pattern.matcher(submission.request().name()).find())) {
			return Mono.just(Verdict.hold("Contains a banned word."));
		}
		return Mono.just(Verdict.PASS);
	}

}
