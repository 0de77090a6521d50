package io.readerpulse.comment;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.micrometer.core.instrument.MeterRegistry;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.web.ClientAddress;
import io.readerpulse.web.FixedWindowLimiter;
import io.readerpulse.web.InvalidRequestException;
import io.readerpulse.web.Page;
import io.readerpulse.web.PageRequest;
import io.readerpulse.web.TooManyRequestsException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Readers' comments on a story: post one (guests welcome), list the published ones.
 */
@RestController
final class CommentController {

	private final ArticleDirectory directory;

	private final CommentStore comments;

	private final ModerationPipeline moderation;

	private final CommentAnnouncer announcer;

	private final PublishQueue publishing;

	private final FixedWindowLimiter limiter;

	private final MeterRegistry meters;

	CommentController(ArticleDirectory directory, CommentStore comments, ModerationPipeline moderation,
			CommentAnnouncer announcer, PublishQueue publishing, CommentProperties properties, Clock clock,
			MeterRegistry meters) {
		this.directory = directory;
		this.comments = comments;
		this.moderation = moderation;
		this.announcer = announcer;
		this.publishing = publishing;
		this.limiter = new FixedWindowLimiter(properties.commentRate(), Duration.ofMinutes(1), 100_000, clock);
		this.meters = meters;
	}

	@Operation(operationId = "postComment", summary = "Post a comment", tags = "comments",
			description = "Anyone, guests included. Answered 201 with status PUBLISHED, or PENDING when held for "
					+ "moderation. The email is never published.")
	@ApiResponse(responseCode = "201", description = "The comment, published or held for moderation")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@ApiResponse(responseCode = "429", ref = "TooManyRequests")
	@PostMapping("/api/articles/{slug}/comments")
	Mono<ResponseEntity<Comment>> post(@PathVariable String slug, @Valid @RequestBody PostCommentRequest request,
			ServerHttpRequest http) {
		return Mono.defer(() -> {
			this.meters.counter("pulse.comments", "outcome", "posted").increment();
			this.limiter.tryAcquire(ClientAddress.of(http)).ifPresent((wait) -> {
				this.meters.counter("pulse.comments", "outcome", "rate-limited").increment();
				throw new TooManyRequestsException("Too many comments from this address; try again shortly.", wait);
			});
			return this.directory.requireIdOf(slug);
		}).flatMap((articleId) -> checkParent(articleId, request.parentId())
			.then(this.moderation.judge(new ModerationStep.Submission(articleId, request)))
			.flatMap((verdict) -> {
				if (verdict.outcome() == ModerationStep.Outcome.REJECT) {
					this.meters.counter("pulse.comments", "outcome", "rejected").increment();
					return Mono.error(new InvalidRequestException("body", verdict.reason()));
				}
				boolean publish = verdict.outcome() == ModerationStep.Outcome.PASS;
				this.meters.counter("pulse.comments", "outcome", publish ? "published" : "held").increment();
				if (!publish) {
					return this.comments.insertHeld(articleId, request);
				}
				return this.publishing.publish(articleId, request).map((written) -> {
					CommentStore.Change change = written.change();
					if (change != null) {
						this.announcer.changed(change);
					}
					return written.stored();
				});
			}))
			// The parent was checked, but a moderator may have deleted it since.
			.onErrorMap((ex) -> ex instanceof DataIntegrityViolationException && request.parentId() != null,
					(ex) -> new InvalidRequestException("parentId", "must be a published comment of this story"))
			.map((stored) -> ResponseEntity
				.created(URI.create("/api/articles/" + slug + "/comments/" + stored.comment().id()))
				.body(stored.comment()));
	}

	@Operation(operationId = "listComments", summary = "List a story's published comments, oldest first",
			tags = "comments")
	@ApiResponse(responseCode = "200", description = "A page of published comments")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/api/articles/{slug}/comments")
	Mono<Page<Comment>> list(@PathVariable String slug, @RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		return Mono.defer(() -> {
			PageRequest page = PageRequest.of(limit, cursor);
			long after = CommentCursor.decode(page.cursor());
			return this.directory.requireIdOf(slug).flatMap((articleId) -> this.comments.published(articleId, after, page.limit() + 1)
				.map(CommentStore.Stored::comment)
				.collectList()
				.map((items) -> CommentCursor.page(items, page.limit(), Comment::id)));
		});
	}

	private Mono<Void> checkParent(long articleId, @Nullable Long parentId) {
		if (parentId == null) {
			return Mono.empty();
		}
		return this.comments.isPublishedOn(parentId, articleId)
			.filter(Boolean::booleanValue)
			.switchIfEmpty(Mono.error(() -> new InvalidRequestException("parentId",
					"must be a published comment of this story")))
			.then();
	}


}
