package io.readerpulse.article;

import java.net.URI;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.web.Page;
import io.readerpulse.web.PageRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The articles API: public reads, editors' writes.
 */
@RestController
@RequestMapping("/api/articles")
final class ArticleController {

	private final ArticleService articles;

	ArticleController(ArticleService articles) {
		this.articles = articles;
	}

	@Operation(operationId = "upsertArticle", summary = "Create or update a story", tags = "articles",
			description = "Editors. 201 when the story is new, 200 when it was updated.")
	@ApiResponse(responseCode = "200", description = "Updated")
	@ApiResponse(responseCode = "201", description = "Created")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@PutMapping("/{slug}")
	Mono<ResponseEntity<Article>> upsert(@PathVariable String slug, @Valid @RequestBody UpsertArticleRequest request) {
		return Mono.defer(() -> this.articles.upsert(Slugs.requireValid(slug), request))
			.map((upserted) -> upserted.created()
					? ResponseEntity.created(URI.create("/api/articles/" + slug)).body(upserted.article())
					: ResponseEntity.ok(upserted.article()));
	}

	@Operation(operationId = "getArticle", summary = "Get a story with its stats", tags = "articles")
	@ApiResponse(responseCode = "200", description = "The story")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/{slug}")
	Mono<Article> get(@PathVariable String slug) {
		return Mono.defer(() -> this.articles.get(Slugs.requireValid(slug)));
	}

	@Operation(operationId = "listArticles", summary = "List stories, newest first", tags = "articles")
	@ApiResponse(responseCode = "200", description = "A page of stories")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@GetMapping
	Mono<Page<Article>> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		return Mono.defer(() -> this.articles.list(PageRequest.of(limit, cursor)));
	}

	@Operation(operationId = "deleteArticle", summary = "Delete a story", tags = "articles",
			description = "Editors. The story disappears from reads, trending and streams.")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@DeleteMapping("/{slug}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable String slug) {
		return Mono.defer(() -> this.articles.delete(Slugs.requireValid(slug)));
	}

}
