package io.readerpulse.comment;

import java.net.URI;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.web.ClientAddress;
import io.readerpulse.web.Page;
import io.readerpulse.web.PageRequest;

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

	private final CommentService comments;

	private final CommentReads reads;

	private final ArticleDirectory directory;

	CommentController(CommentService comments, CommentReads reads, ArticleDirectory directory) {
		this.comments = comments;
		this.reads = reads;
		this.directory = directory;
	}

	@Operation(operationId = "postComment", summary = "Post a comment", tags = "comments",
			description = "Anyone, guests included. Answered 201 with status PUBLISHED, or PENDING when held for "
					+ "moderation. The email is never published.")
	@ApiResponse(responseCode = "201", description = "The comment, published or held for moderation")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@ApiResponse(responseCode = "429", ref = "TooManyRequests")
	// A guest's comment, with no credentials, is answered by CommentRoute before it gets here; so this is the
	// one that comes with a bearer token or a cookie, and the description of both.
	@PostMapping("/api/articles/{slug}/comments")
	Mono<ResponseEntity<Comment>> post(@PathVariable String slug, @Valid @RequestBody PostCommentRequest request,
			ServerHttpRequest http) {
		return this.comments.post(slug, request, ClientAddress.of(http))
			.map((comment) -> ResponseEntity.created(URI.create("/api/articles/" + slug + "/comments/" + comment.id()))
				.body(comment));
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
			return this.directory.requireIdOf(slug).flatMap((articleId) -> this.reads.published(articleId, after, page.limit() + 1)
				.map(StoredComment::comment)
				.collectList()
				.map((items) -> CommentCursor.page(items, page.limit(), Comment::id)));
		});
	}

}
