package io.readerpulse.comment;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.view.VisitorFingerprints;
import io.readerpulse.web.FixedWindowLimiter;
import io.readerpulse.web.InvalidRequestException;
import io.readerpulse.web.TooManyRequestsException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Posting a comment: the rate limit per address, the parent check, the moderation pipeline, then either a
 * held comment or a published one announced to the story's open pages. The duplicate rule is checked by the
 * write itself (see {@link CommentStatements}): after every rule that can refuse a comment, and before a
 * hold takes effect, so a repeat is refused whether it would have been held or published.
 */
@Service
final class CommentService {

	private static final String DUPLICATE = "You already posted this comment.";

	private final ArticleDirectory directory;

	private final CommentReads reads;

	private final CommentWrites writes;

	private final ModerationPipeline moderation;

	private final PublishQueue publishing;

	private final VisitorFingerprints fingerprints;

	private final FixedWindowLimiter limiter;

	private final MeterRegistry meters;

	CommentService(ArticleDirectory directory, CommentReads reads, CommentWrites writes, ModerationPipeline moderation,
			PublishQueue publishing, VisitorFingerprints fingerprints, CommentProperties properties,
			Clock clock, MeterRegistry meters) {
		this.directory = directory;
		this.reads = reads;
		this.writes = writes;
		this.moderation = moderation;
		this.publishing = publishing;
		this.fingerprints = fingerprints;
		this.limiter = new FixedWindowLimiter(properties.rate(), Duration.ofMinutes(1), 100_000, clock);
		this.meters = meters;
	}

	/**
	 * Posts a reader's comment.
	 * @param slug the story
	 * @param request the comment
	 * @param address the sender's address, for the rate limit
	 * @return the stored comment, published or held
	 */
	Mono<Comment> post(String slug, PostCommentRequest request, String address) {
		return Mono.defer(() -> {
			count("posted");
			this.limiter.tryAcquire(address).ifPresent((wait) -> {
				count("rate-limited");
				throw new TooManyRequestsException("Too many comments from this address; try again shortly.", wait);
			});
			return this.directory.requireIdOf(slug);
		})
			.zipWith(Mono.defer(() -> this.fingerprints.senderOf(address)))
			.flatMap((story) -> moderateAndStore(story.getT1(), new NewComment(request, story.getT2())))
			// The parent was checked, but a moderator may have deleted it since.
			.onErrorMap((ex) -> ex instanceof DataIntegrityViolationException && request.parentId() != null,
					(ex) -> new InvalidRequestException("parentId", "must be a published comment of this story"))
			.map(StoredComment::comment);
	}

	private Mono<StoredComment> moderateAndStore(long articleId, NewComment comment) {
		PostCommentRequest request = comment.request();
		return checkParent(articleId, request.parentId())
			.then(this.moderation.judge(new ModerationStep.Submission(articleId, request, comment.sender())))
			.flatMap((verdict) -> switch (verdict.outcome()) {
				case REJECT -> {
					count("rejected");
					yield Mono.error(new InvalidRequestException("body", verdict.reason()));
				}
				case HOLD -> stored(this.writes.insertHeld(articleId, comment), "held");
				case PASS -> stored(publish(articleId, comment), "published");
			});
	}

	/**
	 * Counts a written comment, and refuses one that was not written as a duplicate.
	 */
	private Mono<StoredComment> stored(Mono<StoredComment> written, String outcome) {
		return written.doOnNext((stored) -> count(outcome)).switchIfEmpty(Mono.defer(() -> {
			count("rejected");
			return Mono.error(new InvalidRequestException("body", DUPLICATE));
		}));
	}

	private Mono<StoredComment> publish(long articleId, NewComment comment) {
		// The queue announces it to the story's open pages.
		return this.publishing.publish(articleId, comment).map(CommentWrites.Written::stored);
	}

	private Mono<Void> checkParent(long articleId, @Nullable Long parentId) {
		if (parentId == null) {
			return Mono.empty();
		}
		return this.reads.isPublishedOn(parentId, articleId)
			.filter(Boolean::booleanValue)
			.switchIfEmpty(Mono.error(() -> new InvalidRequestException("parentId",
					"must be a published comment of this story")))
			.then();
	}

	private void count(String outcome) {
		this.meters.counter("pulse.comments", "outcome", outcome).increment();
	}

}
