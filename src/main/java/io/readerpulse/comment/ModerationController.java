package io.readerpulse.comment;

import java.time.Instant;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.live.LiveChanges;
import io.readerpulse.web.InvalidRequestException;
import io.readerpulse.web.NotFoundException;
import io.readerpulse.web.Page;
import io.readerpulse.web.PageRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Moderators' desk: the queues by status (the only place the email is shown), approve, reject, delete.
 * Approving publishes live; rejecting or deleting a published comment removes it from open pages.
 */
@RestController
final class ModerationController {

	private final CommentReads reads;

	private final CommentWrites writes;

	private final LiveChanges live;

	ModerationController(CommentReads reads, CommentWrites writes, LiveChanges live) {
		this.reads = reads;
		this.writes = writes;
		this.live = live;
	}

	@Operation(operationId = "listModerationQueue", summary = "List comments by status, with authors' emails",
			tags = "moderation")
	@ApiResponse(responseCode = "200", description = "A page of comments, with their authors' emails")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@GetMapping("/api/moderation/comments")
	Mono<Page<ModeratedComment>> queue(@RequestParam(defaultValue = "PENDING") String status,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		return Mono.defer(() -> {
			CommentStatus wanted = Arrays.stream(CommentStatus.values())
				.filter((candidate) -> candidate.name().equalsIgnoreCase(status))
				.findFirst()
				.orElseThrow(() -> new InvalidRequestException("status", "must be one of PENDING, PUBLISHED, REJECTED"));
			PageRequest page = PageRequest.of(limit, cursor);
			return this.reads.byStatus(wanted, CommentCursor.decode(page.cursor()), page.limit() + 1)
				.map(ModeratedComment::of)
				.collectList()
				.map((items) -> CommentCursor.page(items, page.limit(), ModeratedComment::id));
		});
	}

	@Operation(operationId = "approveComment", summary = "Approve (publish) a comment", tags = "moderation",
			description = "Open pages receive it live.")
	@ApiResponse(responseCode = "200", description = "The comment, now published")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PostMapping("/api/moderation/comments/{id}/approve")
	Mono<ModeratedComment> approve(@PathVariable long id) {
		return this.writes.approve(id)
			.switchIfEmpty(Mono.error(() -> notFound(id)))
			.map(this::announced);
	}

	@Operation(operationId = "rejectComment", summary = "Reject a comment", tags = "moderation",
			description = "A published comment disappears from open pages.")
	@ApiResponse(responseCode = "200", description = "The comment, now rejected")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PostMapping("/api/moderation/comments/{id}/reject")
	Mono<ModeratedComment> reject(@PathVariable long id) {
		return this.writes.reject(id)
			.switchIfEmpty(Mono.error(() -> notFound(id)))
			.map(this::announced);
	}

	@Operation(operationId = "deleteComment", summary = "Delete a comment", tags = "moderation",
			description = "A published comment disappears from open pages.")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@DeleteMapping("/api/comments/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable long id) {
		return this.writes.delete(id)
			.switchIfEmpty(Mono.error(() -> notFound(id)))
			.doOnNext((change) -> change.ifPresent((removed) -> removed.announce(this.live)))
			.then();
	}

	private ModeratedComment announced(CommentWrites.Written written) {
		CommentChange change = written.change();
		if (change != null) {
			change.announce(this.live);
		}
		return ModeratedComment.of(written.stored());
	}

	private static NotFoundException notFound(long id) {
		return new NotFoundException("No comment " + id + ".");
	}

	/**
	 * A comment as moderators see it, with the author's email.
	 *
	 * @param id the comment's id
	 * @param articleSlug the story
	 * @param parentId the comment it replies to, if any
	 * @param authorName the author's name
	 * @param email the author's email
	 * @param body the text
	 * @param createdAt when it was posted
	 * @param status its status
	 */
	record ModeratedComment(long id, String articleSlug, @Nullable Long parentId, String authorName, String email,
			String body, Instant createdAt, CommentStatus status) {

		static ModeratedComment of(StoredComment stored) {
			Comment comment = stored.comment();
			return new ModeratedComment(comment.id(), comment.articleSlug(), comment.parentId(), comment.authorName(),
					stored.email(), comment.body(), comment.createdAt(), comment.status());
		}

	}

}
