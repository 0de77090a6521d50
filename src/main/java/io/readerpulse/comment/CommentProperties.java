package io.readerpulse.comment;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Comment rules ({@code pulse.comments.*}; {@code PULSE_COMMENT_RATE}, {@code PULSE_MODERATION} and
 * {@code PULSE_BANNED_WORDS} in the environment).
 *
 * @param rate comments accepted per client address per minute
 * @param moderation {@code post}: publish unless a rule holds the comment; {@code pre}: hold every comment
 * @param bannedWords words that hold a comment for moderation (whole words, any case)
 * @param maxLinks links a comment may carry before it is held
 * @param duplicateWindow how long the same body from the same sender counts as a duplicate
 */
@ConfigurationProperties("pulse.comments")
record CommentProperties(@DefaultValue("5") int rate, @DefaultValue("post") Moderation moderation,
		@DefaultValue List<String> bannedWords, @DefaultValue("2") int maxLinks,
		@DefaultValue("10m") Duration duplicateWindow) {

	/** When comments are published. */
	enum Moderation {

		/** At once, unless a rule holds the comment. */
		POST,

		/** Only after a moderator approves. */
		PRE

	}

}
