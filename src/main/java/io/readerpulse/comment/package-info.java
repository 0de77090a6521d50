/**
 * Comments: guest posting, the moderation pipeline, moderators' actions and the comment events streams
 * resume from.
 */
@NullMarked
package io.readerpulse.comment;

import org.jspecify.annotations.NullMarked;
