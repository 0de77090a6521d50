package io.readerpulse.trending;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

import io.readerpulse.live.LatestValue;
import io.readerpulse.live.WhileRunning;
import io.readerpulse.trending.TrendingBoard.Ranking;

import org.springframework.stereotype.Component;

/**
 * The live trending board for editors' dashboards: one ranking computed per tick for everybody (the top
 * {@value #COMPUTED} stories), sent to each subscriber cut to its own limit, and only when it changed.
 */
@Component
final class TrendingStream extends WhileRunning {

	private static final Logger logger = LoggerFactory.getLogger(TrendingStream.class);

	// Enough for the longest board a client may ask for.
	private static final int COMPUTED = 100;

	private final TrendingBoard board;

	private final Duration interval;

	private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Ranking last;

	TrendingStream(TrendingBoard board, TrendingProperties properties) {
		this.board = board;
		this.interval = properties.boardInterval();
	}

	/**
	 * The board now, then whenever it changes, at most once per board interval.
	 * @param limit the number of stories wanted
	 * @return the rankings
	 */
	Flux<Ranking> stream(int limit) {
		Mono<Ranking> initial = Mono.defer(() -> {
			Ranking known = this.last;
			return (known != null) ? Mono.just(known) : this.board.top(COMPUTED, null);
		});
		return initial.flatMapMany((ranking) -> LatestValue.<Ranking>of((sink) -> {
			Subscriber subscriber = new Subscriber(sink, limit);
			this.subscribers.add(subscriber);
			sink.onDispose(() -> this.subscribers.remove(subscriber));
			sink.next(ranking.limit(limit));
		}, () -> { }));
	}

	private void publish(Ranking ranking) {
		Ranking previous = this.last;
		this.last = ranking;
		if (previous != null && previous.items().equals(ranking.items())) {
			return;
		}
		this.subscribers.forEach((subscriber) -> subscriber.out().next(ranking.limit(subscriber.limit())));
	}

	@Override
	public void start() {
		super.start();
		whileRunning(Flux.interval(this.interval, this.interval)
			.onBackpressureDrop()
			.filter((tick) -> !this.subscribers.isEmpty())
			.concatMap((tick) -> this.board.top(COMPUTED, null).doOnNext(this::publish).onErrorResume((ex) -> {
				logger.warn("Computing the trending board failed; retrying on the next tick: {}", ex.getMessage());
				return Mono.empty();
			}), 1))
			.subscribe();
	}

	/**
	 * Ends every stream, so that the web server's graceful shutdown does not wait for them.
	 */
	@Override
	public void stop() {
		super.stop();
		this.subscribers.forEach((subscriber) -> subscriber.out().complete());
	}

	private record Subscriber(FluxSink<Ranking> out, int limit) {
	}

}
