package io.readerpulse.reaction;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The reactions a reader can give a story.
 */
enum ReactionKind {

	LIKE, LOVE, HAHA, WOW, SAD, ANGRY;

	/** The kinds as the API spells them, for error messages. */
	static final String ALL = Arrays.stream(values()).map(ReactionKind::wire).collect(Collectors.joining(", "));

	String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<ReactionKind> of(String wire) {
		return Arrays.stream(values()).filter((kind) -> kind.wire().equals(wire)).findFirst();
	}

}
