package io.readerpulse.comment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import io.readerpulse.comment.CommentWrites.Written;
import io.readerpulse.live.LiveChanges;
import io.readerpulse.live.WhileRunning;
import io.readerpulse.web.DatabaseUnavailable;

import org.springframework.stereotype.Component;

/**
 * Group commit for published comments, per story.
 * <p>
 * Every published comment moves its story's event sequence, so all writers of one story queue on that
 * story's row lock, and each holds it through its commit. When a story is busy, the comments that arrive
 * while one write is in flight go together in the next: one statement, one commit and one update of the
 * story's row for the whole batch. A lone comment is written at once, so batching adds no delay when
 * there is no queue.
 */
@Component
final class PublishQueue extends WhileRunning {

	static final int MAX_BATCH = 200;

	private final CommentWrites store;

	private final LiveChanges live;

	private final Map<Long, StoryQueue> queues = new ConcurrentHashMap<>();

	private final DistributionSummary batches;

	PublishQueue(CommentWrites store, LiveChanges live, MeterRegistry meters) {
		this.store = store;
		this.live = live;
		this.batches = DistributionSummary.builder("pulse.comments.batch")
			.description("Published comments written in one statement")
			.register(meters);
	}

	/**
	 * Publishes a new comment with the next ones that arrive for the same story, and announces it to the
	 * story's open pages once its author has the answer (see {@link #announce}).
	 * @param articleId the story
	 * @param request the comment
	 * @return the stored comment and its change to the story, once committed; empty if it was refused as a
	 * duplicate (see {@link CommentStatements}), of a stored comment or of one earlier in its batch
	 */
	Mono<Written> publish(long articleId, NewComment request) {
		return Mono.create((sink) -> {
			Pending pending = new Pending(request, sink);
			// Lock order: a queue's monitor is never taken inside the map's compute (see StoryQueue.closed).
			while (true) {
				StoryQueue queue = this.queues.computeIfAbsent(articleId, (id) -> new StoryQueue(articleId));
				List<Pending> batch;
				synchronized (queue) {
					if (queue.closed) {
						continue;
					}
					queue.waiting.add(pending);
					if (queue.writing) {
						return;
					}
					queue.writing = true;
					batch = queue.take();
				}
				write(queue, batch);
				return;
			}
		});
	}

	private void write(StoryQueue queue, List<Pending> batch) {
		this.batches.record(batch.size());
		this.store.insertPublished(queue.articleId, batch.stream().map(Pending::request).toList())
			.as(this::whileRunning)
			.switchIfEmpty(Mono.error(PublishQueue::stopped))
			.subscribe((written) -> {
				for (int i = 0; i < batch.size(); i++) {
					settle(batch.get(i), written.get(i));
				}
				written.forEach((one) -> one.ifPresent(this::announce));
				next(queue);
			}, (ex) -> {
				if (batch.size() > 1 && !DatabaseUnavailable.causedBy(ex)) {
					// Nothing of the batch was written. One bad comment (a reply whose parent was deleted
					// meanwhile, say) must not fail the others, whatever its error: write them one by one.
					Flux.fromIterable(batch)
						.concatMap((pending) -> this.store.insertPublished(queue.articleId, List.of(pending.request()))
							.map((one) -> one.get(0))
							.doOnNext((written) -> {
								settle(pending, written);
								written.ifPresent(this::announce);
							})
							.onErrorResume((single) -> {
								pending.sink().error(single);
								return Mono.empty();
							}))
						.as(this::whileRunning)
						// Comments not written by then fail (a sink that already succeeded ignores it).
						.doOnCancel(() -> batch.forEach((pending) -> pending.sink().error(stopped())))
						.doFinally((signal) -> next(queue))
						.subscribe();
				}
				else {
					batch.forEach((pending) -> pending.sink().error(ex));
					next(queue);
				}
			});
	}

	// Empty for a duplicate: the sink completes without a value.
	private static void settle(Pending pending, Optional<Written> written) {
		pending.sink().success(written.orElse(null));
	}

	/**
	 * Tells the story's open pages of a committed comment, after its author's answer is on its way: the
	 * answer goes out from the sink's callback, and the readers' writes, queued after it on the same loops,
	 * do not hold it up. Announced whether or not the author still waits, since the comment is stored.
	 */
	private void announce(Written written) {
		CommentChange change = written.change();
		if (change != null) {
			change.announce(this.live);
		}
	}

	private static IllegalStateException stopped() {
		return new IllegalStateException("The service stopped before the comment was written");
	}

	/**
	 * Runs after the web server has finished its requests (a lower phase), so only writes that nobody waits
	 * for any more are cut short.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	private void next(StoryQueue queue) {
		@Nullable List<Pending> batch;
		synchronized (queue) {
			if (queue.waiting.isEmpty()) {
				queue.writing = false;
				queue.closed = true;
				batch = null;
			}
			else {
				batch = queue.take();
			}
		}
		if (batch == null) {
			this.queues.remove(queue.articleId, queue);
		}
		else {
			write(queue, batch);
		}
	}

	private record Pending(NewComment request, MonoSink<Written> sink) {
	}

	/**
	 * The comments waiting for one story while a write is in flight.
	 */
	private static final class StoryQueue {

		final long articleId;

		final List<Pending> waiting = new ArrayList<>();

		boolean writing;

		// An idle queue closes before it leaves the map; a writer that still finds it there takes a new one.
		boolean closed;

		StoryQueue(long articleId) {
			this.articleId = articleId;
		}

		List<Pending> take() {
			int size = Math.min(this.waiting.size(), MAX_BATCH);
			List<Pending> batch = new ArrayList<>(this.waiting.subList(0, size));
			this.waiting.subList(0, size).clear();
			return batch;
		}

	}

}
