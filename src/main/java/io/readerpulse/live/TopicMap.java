package io.readerpulse.live;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The stats topics of the stories someone has open or is on the way to, by article id: a topic is created
 * by its first reader's {@link #arrive arrival} and dropped when no reader is on it and none is arriving.
 * Arriving, joining and leaving a story take the map's lock for that story, so its bookkeeping needs none
 * of its own.
 */
final class TopicMap {

	private final Map<Long, StatsTopic> topics = new ConcurrentHashMap<>();

	// Every topic gets a mark of its own, never 0 (which stands for no topic).
	private final AtomicLong marks = new AtomicLong();

	// A new topic's readers on the other instances, by article id.
	private final LongUnaryOperator elsewhere;

	TopicMap(LongUnaryOperator elsewhere) {
		this.elsewhere = elsewhere;
	}

	/**
	 * Tells that a reader is on its way to the story, before its stats are read for it: from now on the
	 * story's changes are kept for it. It then either {@link #join joins} or is {@link #abandon abandoned}.
	 * @param articleId the story
	 * @return the arrival, for one join or abandon
	 */
	Arrival arrive(long articleId) {
		return new Arrival(articleId, this.topics.compute(articleId, (id, existing) -> {
			StatsTopic topic = (existing != null) ? existing : new StatsTopic(this.marks.incrementAndGet(),
					this.elsewhere.applyAsLong(id));
			topic.arriving(1);
			return topic;
		}));
	}

	/**
	 * Adds an arrived reader to its topic.
	 * @param arrival the reader's arrival
	 * @param reader the reader's stream
	 * @return the topic, or {@code null} if the story was removed or this instance stopped while the reader
	 * arrived
	 */
	@Nullable StatsTopic join(Arrival arrival, EventStream reader) {
		boolean[] refused = new boolean[1];
		StatsTopic joined = this.topics.compute(arrival.articleId, (id, existing) -> {
			if (arrival.settle()) {
				arrival.topic.arriving(-1);
			}
			// An arrival's topic leaves the map only with its story (it is not idle while someone arrives).
			if (existing != arrival.topic || arrival.topic.over()) {
				refused[0] = true;
				return existing;
			}
			arrival.topic.join(reader);
			return arrival.topic;
		});
		return refused[0] ? null : joined;
	}

	/**
	 * Gives up an arrival that did not join (its stats could not be read, or its reader left first); does
	 * nothing if it joined.
	 * @param arrival the arrival
	 */
	void abandon(Arrival arrival) {
		if (arrival.settle()) {
			this.topics.computeIfPresent(arrival.articleId, (id, topic) -> {
				arrival.topic.arriving(-1);
				// A topic that replaced the arrival's (its story removed meanwhile) is not this arrival's to drop.
				return (topic == arrival.topic && topic.idle()) ? null : topic;
			});
		}
	}

	void leave(long articleId, EventStream reader) {
		this.topics.computeIfPresent(articleId, (id, topic) -> {
			topic.leave(reader);
			return topic.idle() ? null : topic;
		});
	}

	@Nullable StatsTopic get(long articleId) {
		return this.topics.get(articleId);
	}

	@Nullable StatsTopic remove(long articleId) {
		return this.topics.remove(articleId);
	}

	Map<Long, StatsTopic> all() {
		return this.topics;
	}

	Collection<StatsTopic> values() {
		return this.topics.values();
	}

}
