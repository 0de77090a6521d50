package io.readerpulse.audience;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.live.LatestValue;
import io.readerpulse.live.LiveEngagement;
import io.readerpulse.live.LiveReaders;
import io.readerpulse.live.WhileRunning;
import io.readerpulse.trending.TrendingBoard;
import io.readerpulse.trending.TrendingProperties;

import org.springframework.stereotype.Component;

/**
 * The editors' live board: per distinct query (limit and section), one board computed per tick for every
 * dashboard that asked for it (the ranking, then one query for all its stories' last hour), sent to each
 * only when it changed. A tick with no dashboard open computes nothing.
 */
@Component
final class DashboardStream extends WhileRunning {

	private static final Logger logger = LoggerFactory.getLogger(DashboardStream.class);

	static final int MINUTES = 60;

	private final TrendingBoard trending;

	private final ArticleDirectory directory;

	private final AudienceReads reads;

	private final LiveReaders readers;

	private final LiveEngagement engagement;

	private final Clock clock;

	private final Duration interval;

	private final Timer computed;

	private final Map<Query, Set<FluxSink<DashboardBoard>>> subscribers = new ConcurrentHashMap<>();

	private final Map<Query, DashboardBoard> last = new ConcurrentHashMap<>();

	DashboardStream(TrendingBoard trending, ArticleDirectory directory, AudienceReads reads, LiveReaders readers,
			LiveEngagement engagement, Clock clock, TrendingProperties properties, MeterRegistry meters) {
		this.trending = trending;
		this.directory = directory;
		this.reads = reads;
		this.readers = readers;
		this.engagement = engagement;
		this.clock = clock;
		this.interval = properties.boardInterval();
		this.computed = Timer.builder("pulse.dashboard.board")
			.description("Time to compute one dashboard board (once per tick per distinct query)")
			.register(meters);
	}

	/**
	 * The board now, then whenever it changes, at most once per board interval.
	 * @param limit the number of stories
	 * @param section only stories of this section, or {@code null} for all
	 * @return the boards
	 */
	Flux<DashboardBoard> stream(int limit, @Nullable String section) {
		Query query = new Query(limit, section);
		Mono<DashboardBoard> initial = Mono.defer(() -> {
			DashboardBoard known = this.last.get(query);
			return (known != null) ? Mono.just(known) : compute(query);
		});
		return initial.flatMapMany((board) -> LatestValue.<DashboardBoard>of((sink) -> {
			Set<FluxSink<DashboardBoard>> sinks = this.subscribers.computeIfAbsent(query,
					(key) -> ConcurrentHashMap.newKeySet());
			sinks.add(sink);
			sink.onDispose(() -> {
				sinks.remove(sink);
				if (sinks.isEmpty()) {
					this.subscribers.remove(query, sinks);
					this.last.remove(query);
				}
			});
			sink.next(board);
		}, () -> { }));
	}

	/**
	 * Computes the board of one query.
	 */
	Mono<DashboardBoard> compute(Query query) {
		long started = System.nanoTime();
		MinuteSeries span = MinuteSeries.endingAt(this.clock.instant(), MINUTES);
		return this.trending.top(query.limit(), query.section())
			.flatMap((ranking) -> Flux.fromIterable(ranking.items())
				.concatMap((item) -> this.directory.idOf(item.slug()).map((id) -> new Ranked(id, item)))
				.collectList()
				.flatMap((ranked) -> Mono.zip(this.reads
					.minutes(ranked.stream().map(Ranked::articleId).toArray(Long[]::new), span.from(), span.to()),
						this.reads.heldComments())
					.map((both) -> board(ranking, ranked, both.getT1(), both.getT2(), span))))
			.doOnNext((board) -> this.computed.record(Duration.ofNanos(System.nanoTime() - started)));
	}

	private DashboardBoard board(TrendingBoard.Ranking ranking, List<Ranked> ranked,
			Map<Long, List<AudienceReads.Stored>> minutes, long held, MinuteSeries span) {
		List<DashboardBoard.Item> items = new ArrayList<>(ranked.size());
		for (Ranked story : ranked) {
			TrendingBoard.Item item = story.item();
			List<AudienceReads.Stored> stored = minutes.getOrDefault(story.articleId(), List.of());
			long[] perMinute = span.views(stored);
			long lastHour = 0;
			for (long views : perMinute) {
				lastHour += views;
			}
			items.add(new DashboardBoard.Item(item.rank(), item.slug(), item.title(), item.section(), item.score(),
					item.velocity(), item.viral(), item.why(), this.readers.readingNow(story.articleId()),
					this.engagement.engagedNow(story.articleId()), lastHour, perMinute, MinuteSeries.sources(stored)));
		}
		return new DashboardBoard(ranking.generatedAt(), held, items);
	}

	private void publish(Query query, DashboardBoard board) {
		Set<FluxSink<DashboardBoard>> sinks = this.subscribers.get(query);
		if (sinks == null) {
			// Its last dashboard closed while the board was being computed.
			return;
		}
		DashboardBoard previous = this.last.put(query, board);
		if (previous != null && previous.items().equals(board.items()) && previous.heldComments() == board.heldComments()) {
			return;
		}
		sinks.forEach((sink) -> sink.next(board));
	}

	@Override
	public void start() {
		super.start();
		whileRunning(Flux.interval(this.interval, this.interval)
			.onBackpressureDrop()
			.filter((tick) -> !this.subscribers.isEmpty())
			.concatMap((tick) -> Flux.fromIterable(List.copyOf(this.subscribers.keySet()))
				.concatMap((query) -> compute(query).doOnNext((board) -> publish(query, board)))
				.onErrorResume((ex) -> {
					logger.warn("Computing the dashboard board failed; retrying on the next tick: {}", ex.getMessage());
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
		this.subscribers.values().forEach((sinks) -> sinks.forEach(FluxSink::complete));
	}

	/**
	 * What a dashboard asked for.
	 *
	 * @param limit how many stories
	 * @param section only this section, or {@code null}
	 */
	record Query(int limit, @Nullable String section) {
	}

	private record Ranked(long articleId, TrendingBoard.Item item) {
	}

}
