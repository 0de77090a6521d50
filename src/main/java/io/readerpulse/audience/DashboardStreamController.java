package io.readerpulse.audience;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.live.LiveStreams;
import io.readerpulse.web.InvalidRequestException;

import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The editors' live board as server-sent events: {@code board} events and heartbeat comments.
 */
@RestController
final class DashboardStreamController {

	static final int DEFAULT_LIMIT = 20;

	static final int MAX_LIMIT = 100;

	private final DashboardStream board;

	private final LiveStreams streams;

	DashboardStreamController(DashboardStream board, LiveStreams streams) {
		this.board = board;
		this.streams = streams;
	}

	@Operation(operationId = "streamDashboard", summary = "Follow the editors' board live (server-sent events)",
			tags = "audience",
			description = "Staff. Events: board, on connect and then whenever it changes, at most once a second: the "
					+ "most trending stories (of a section, if given) with readers and engaged readers now, views "
					+ "per minute over the last hour (60 counts, oldest first, the current minute last), views by "
					+ "source over that hour, and why a story is flagged viral. Heartbeat comments.")
	@ApiResponse(responseCode = "200", description = "The board's events",
			content = @Content(mediaType = "text/event-stream", schema = @Schema(implementation = DashboardBoard.class)))
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@GetMapping("/api/dashboard/stream")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> stream(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String section, ServerWebExchange exchange) {
		return this.streams.admitted(() -> Mono.fromSupplier(() -> {
			int value = (limit != null) ? limit : DEFAULT_LIMIT;
			if (value < 1 || value > MAX_LIMIT) {
				throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
			}
			return value;
		}).map((checked) -> this.streams.respond(exchange, this.streams.named("board",
				this.board.stream(checked, (section == null || section.isBlank()) ? null : section.strip())))));
	}

}
