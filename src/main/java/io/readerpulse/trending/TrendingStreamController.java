package io.readerpulse.trending;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.live.LiveStreams;

import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The trending board as server-sent events: {@code trending} events and heartbeat comments.
 */
@RestController
final class TrendingStreamController {

	private final TrendingStream board;

	private final LiveStreams streams;

	TrendingStreamController(TrendingStream board, LiveStreams streams) {
		this.board = board;
		this.streams = streams;
	}

	@Operation(operationId = "streamTrending", summary = "Follow the trending ranking live (server-sent events)",
			tags = "live",
			description = "Events: trending, on connect and whenever the ranking changes (at most once a second), and "
					+ "heartbeat comments. A trending event's data is a `Ranking`, as `getTrending` answers, each "
					+ "item with its `why`.")
	@ApiResponse(responseCode = "200", description = "The ranking's events",
			content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@GetMapping("/api/trending/stream")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> stream(@RequestParam(required = false) @Nullable Integer limit,
			ServerWebExchange exchange) {
		return this.streams.admitted(() -> Mono.fromSupplier(() -> TrendingController.checkedLimit(limit))
			.map((checked) -> this.streams.respond(exchange, this.streams.named("trending", this.board.stream(checked)))));
	}

}
