package io.readerpulse.reaction;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.live.LiveChanges;
import io.readerpulse.live.Stats;
import io.readerpulse.security.DeviceTokens;
import io.readerpulse.web.InvalidRequestException;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A reader's reaction to a story, from an app holding a bearer token. Both calls are idempotent, so a
 * flaky mobile network can retry them safely: a retried PUT returns the same state.
 */
@RestController
final class ReactionController {

	private final ArticleDirectory directory;

	private final ReactionStore reactions;

	private final LiveChanges live;

	ReactionController(ArticleDirectory directory, ReactionStore reactions, LiveChanges live) {
		this.directory = directory;
		this.reactions = reactions;
		this.live = live;
	}

	@Operation(operationId = "setReaction", summary = "Set or switch your reaction", tags = "reactions",
			description = "Idempotent: a retried request returns the same state.")
	@ApiResponse(responseCode = "200", description = "Your reaction and the story's counts")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PutMapping("/api/articles/{slug}/reaction")
	Mono<ReactionState> react(@PathVariable String slug, @RequestBody ReactionRequest request,
			@AuthenticationPrincipal Jwt token) {
		ReactionKind kind = ReactionKind.of(String.valueOf(request.kind()))
			.orElseThrow(() -> new InvalidRequestException("kind", "must be one of " + ReactionKind.ALL));
		return this.directory.requireIdOf(slug).flatMap((articleId) -> this.reactions.set(articleId, DeviceTokens.userId(token), kind)
			.doOnNext((counts) -> this.live.reactionsChanged(articleId, counts)))
			.map((counts) -> new ReactionState(kind.wire(), counts));
	}

	@Operation(operationId = "removeReaction", summary = "Remove your reaction", tags = "reactions",
			description = "Idempotent.")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@DeleteMapping("/api/articles/{slug}/reaction")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> remove(@PathVariable String slug, @AuthenticationPrincipal Jwt token) {
		return this.directory.requireIdOf(slug).flatMap((articleId) -> this.reactions.remove(articleId, DeviceTokens.userId(token))
			.doOnNext((counts) -> this.live.reactionsChanged(articleId, counts)))
			.then();
	}

	/**
	 * The reaction to set.
	 *
	 * @param kind one of like, love, haha, wow, sad, angry
	 */
	record ReactionRequest(@Nullable String kind) {
	}

	/**
	 * The caller's reaction and the story's counts after it.
	 *
	 * @param kind the caller's reaction
	 * @param reactions the story's reaction counts
	 */
	record ReactionState(String kind, Stats.Reactions reactions) {
	}

}
