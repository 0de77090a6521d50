package io.readerpulse.trending;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.live.LiveStreams;

import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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

	@GetMapping("/api/trending/stream")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> stream(@RequestParam(required = false) @Nullable Integer limit) {
		return Mono.fromSupplier(() -> TrendingController.checkedLimit(limit))
			.map((checked) -> this.streams.respond(this.streams.named("trending", this.board.stream(checked))));
	}

}
