package io.readerpulse.trending;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.web.InvalidRequestException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The trending ranking as JSON.
 */
@RestController
final class TrendingController {

	/** Stories on the board when the client does not say. */
	static final int DEFAULT_LIMIT = 10;

	/** The longest board a client may ask for. */
	static final int MAX_LIMIT = 100;

	private final TrendingBoard board;

	TrendingController(TrendingBoard board) {
		this.board = board;
	}

	@Operation(operationId = "getTrending", summary = "Get the trending ranking", tags = "trending",
			description = "Stories by trending score, most trending first. Each item's `why` holds the figures its "
					+ "`viral` flag was decided from; `why.viralSince` is null exactly when `viral` is false.")
	@ApiResponse(responseCode = "200", description = "The ranking")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@GetMapping("/api/trending")
	Mono<TrendingBoard.Ranking> trending(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String section) {
		return Mono.defer(() -> this.board.top(checkedLimit(limit),
				(section == null || section.isBlank()) ? null : section));
	}

	/**
	 * Checks a {@code limit} parameter of the trending endpoints.
	 * @param limit the parameter, or {@code null}
	 * @return the limit to use
	 */
	static int checkedLimit(@Nullable Integer limit) {
		int value = (limit != null) ? limit : DEFAULT_LIMIT;
		if (value < 1 || value > MAX_LIMIT) {
			throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return value;
	}

}
