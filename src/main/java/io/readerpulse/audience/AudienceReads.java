package io.readerpulse.audience;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Reads the stored audience: minutes with their zeros filled in, sources and referring hosts.
 */
@Component
final class AudienceReads {

	static final int TOP_REFERRERS = 10;

	private final DatabaseClient database;

	AudienceReads(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * The stored minutes of some stories within a span.
	 * @param articleIds the stories
	 * @param from the first minute, inclusive
	 * @param to the end, exclusive
	 * @return the minutes that have figures, by story
	 */
	Mono<Map<Long, List<Stored>>> minutes(Long[] articleIds, Instant from, Instant to) {
		return this.database.sql("""
				select article_id, minute, views, engaged_seconds, direct, internal, search, social, other
				from audience_minute
				where article_id = any(:ids) and minute >= :from and minute < :to
				order by article_id, minute""")
			.bind("ids", articleIds)
			.bind("from", from)
			.bind("to", to)
			.map(AudienceReads::stored)
			.all()
			.collect(HashMap::new, (byStory, stored) -> byStory.computeIfAbsent(stored.articleId(), (id) -> new ArrayList<>()).add(stored));
	}

	/**
	 * The hosts that sent a story the most views in the hours from {@code from} to {@code to}.
	 */
	Flux<Audience.ReferringHost> referrers(long articleId, Instant fromHour, Instant to) {
		return this.database.sql("""
				select host, sum(views) as views from referrer_hour
				where article_id = :id and hour >= :from and hour < :to
				group by host order by views desc, host limit :limit""")
			.bind("id", articleId)
			.bind("from", fromHour)
			.bind("to", to)
			.bind("limit", TOP_REFERRERS)
			.map((row) -> new Audience.ReferringHost(row.get("host", String.class), row.get("views", Long.class)))
			.all();
	}

	/**
	 * How many comments wait for a moderator (an index-only count: the queue is short or somebody is late).
	 */
	Mono<Long> heldComments() {
		return this.database.sql("select count(*) as held from comment where status = 'PENDING'")
			.map((row) -> row.get("held", Long.class))
			.one();
	}

	private static Stored stored(Readable row) {
		return new Stored(row.get("article_id", Long.class), row.get("minute", Instant.class),
				row.get("views", Long.class), row.get("engaged_seconds", Long.class),
				new Audience.Sources(row.get("direct", Long.class), row.get("internal", Long.class),
						row.get("search", Long.class), row.get("social", Long.class), row.get("other", Long.class)));
	}

	/**
	 * One stored minute of one story.
	 */
	record Stored(long articleId, Instant minute, long views, long engagedSeconds, Audience.Sources sources) {
	}

}
