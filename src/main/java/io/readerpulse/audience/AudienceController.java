package io.readerpulse.audience;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.web.InvalidRequestException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A story's audience over time, for staff.
 */
@RestController
final class AudienceController {

	static final int DEFAULT_MINUTES = 60;

	static final int MAX_MINUTES = 1440;

	private final ArticleDirectory directory;

	private final StoryAudience audience;

	AudienceController(ArticleDirectory directory, StoryAudience audience) {
		this.directory = directory;
		this.audience = audience;
	}

	@Operation(operationId = "getAudience", summary = "Get a story's audience over time", tags = "audience",
			description = "Views and engaged seconds per UTC minute (every minute of the span, zeros included, the "
					+ "current minute last), views by source, the top 10 referring hosts over the hours the span "
					+ "touches, visitors engaged now (a ping within 30 s, every instance), and engaged seconds per "
					+ "view. Referring hosts exclude the site's own.")
	@ApiResponse(responseCode = "200", description = "The audience")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/api/articles/{slug}/audience")
	Mono<Audience> audience(@PathVariable String slug, @RequestParam(required = false) @Nullable Integer minutes) {
		return Mono.defer(() -> {
			int span = (minutes != null) ? minutes : DEFAULT_MINUTES;
			if (span < 1 || span > MAX_MINUTES) {
				throw new InvalidRequestException("minutes", "must be between 1 and " + MAX_MINUTES);
			}
			return this.directory.requireIdOf(slug).flatMap((articleId) -> this.audience.of(slug, articleId, span));
		});
	}

}
