package io.readerpulse.live;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.readerpulse.trending.TrendingController;

import org.springframework.http.CacheControl;
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

	private final Duration heartbeat;

	TrendingStreamController(TrendingStream board, LiveProperties properties) {
		this.board = board;
		this.heartbeat = properties.heartbeat();
	}

	@GetMapping("/api/trending/stream")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> stream(@RequestParam(required = false) @Nullable Integer limit) {
		return Mono.fromSupplier(() -> TrendingController.checkedLimit(limit))
			.map((checked) -> ResponseEntity.ok()
				.cacheControl(CacheControl.noCache())
				.header("X-Accel-Buffering", "no")
				.body(Flux.merge(1, this.board.stream(checked)
					.map((ranking) -> ServerSentEvent.builder((Object) ranking).event("trending").build()),
						Heartbeats.every(this.heartbeat))));
	}

}
