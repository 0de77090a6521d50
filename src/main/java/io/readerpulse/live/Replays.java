package io.readerpulse.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a resuming reader missed: the comment events after its last event id (or, for a new reader, after
 * where it starts), read from the log, and sent one at a time as its connection takes them.
 */
final class Replays {

	// A reader further behind than this reloads the comment list instead of replaying.
	private static final long MAX_REPLAY = 10_000;

	private final CommentEventLog log;

	private final Map<Long, Mono<Long>> reading = new ConcurrentHashMap<>();

	private final DistributionSummary replayed;

	Replays(CommentEventLog log, MeterRegistry meters) {
		this.log = log;
		this.replayed = DistributionSummary.builder("pulse.comments.replay")
			.description("Events replayed to a stream that missed some: on resume, or published while it opened")
			.register(meters);
	}

	/**
	 * The story's last stored event number, 0 before the first. Readers asking while a read is in flight (the
	 * first readers of a story, arriving together) share it.
	 * @param articleId the story
	 * @return the number, as of a moment between this call and its answer
	 */
	Mono<Long> lastStored(long articleId) {
		return this.reading.computeIfAbsent(articleId, (id) -> this.log.lastEvent(id)
			.defaultIfEmpty(0L)
			.doFinally((signal) -> this.reading.remove(id))
			.cache());
	}

	/**
	 * The events after the reader's last one, up to where live delivery takes over; {@code reset} if its id
	 * is not one the story had, or too far back.
	 * @param articleId the story
	 * @param lastEventId the reader's last event id, or {@code null} for none
	 * @param from for a reader without one, the number it starts after (see {@link CommentFeed#lastEvent}); -1
	 * for live events only
	 * @param upTo the last event number the feed has delivered
	 * @return the events
	 */
	Flux<CommentEvent> events(long articleId, @Nullable String lastEventId, long from, long upTo) {
		long after;
		if (lastEventId == null || lastEventId.isBlank()) {
			if (from < 0) {
				return Flux.empty();
			}
			// A feed made meanwhile may not have reached a new reader's start yet: what it has not comes live.
			after = Math.min(from, upTo);
		}
		else {
			try {
				after = Long.parseLong(lastEventId.trim());
			}
			catch (NumberFormatException ex) {
				after = -1;
			}
		}
		if (after < 0 || after > upTo || upTo - after > MAX_REPLAY) {
			return Flux.just(CommentEvent.RESET);
		}
		if (after == upTo) {
			// Nothing missed, as for almost every new reader: no query, and nothing to count.
			return Flux.empty();
		}
		this.replayed.record(upTo - after);
		return this.log.events(articleId, after, upTo);
	}

	/**
	 * Sends one replayed event.
	 * @param reader the reader's stream
	 * @param event the event
	 * @return completion once the connection has room for the next
	 */
	static Mono<Void> send(EventStream reader, CommentEvent event) {
		ByteBuf frame = frame(event);
		return Mono.create((sent) -> reader.loop().execute(() -> {
			try {
				reader.replayed(frame);
			}
			finally {
				frame.release();
			}
			reader.whenWritable(sent::success);
		}));
	}

	/**
	 * A comment event as a shared chunk.
	 * @param event the event
	 * @return the chunk, for the caller to release
	 */
	static ByteBuf frame(CommentEvent event) {
		// Only replayable events carry an id, so the id a browser sends back always names one.
		return SseFrames.event(event.replayable() ? Long.toString(event.seq()) : null, event.kind(), event.data());
	}

}
