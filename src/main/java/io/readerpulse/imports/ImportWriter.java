package io.readerpulse.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Writes batches of an import, a few statements per batch whatever its size. Imported comments get no
 * comment events and add nothing to trending: they are history. {@link #finish} updates each story's count
 * once and gives it one {@code reset} event.
 */
@Component
final class ImportWriter {

	private static final String STORIES = """
			with input as (select * from unnest(:slugs::text[], :titles::text[], :urls::text[], :dates::timestamptz[])
			               as i(slug, title, url, published_at)),
			     created as (insert into article (slug, title, url, published_at, updated_at)
			                 select slug, title, url, published_at, published_at from input
			                 on conflict (slug) do nothing returning id, slug),
			     counters as (insert into article_stats (article_id) select id from created)
			select i.slug, coalesce(c.id, a.id) as id, (c.id is not null) as created
			from input i left join created c on c.slug = i.slug left join article a on a.slug = i.slug""";

	// A key claimed here is this import's to write; one claimed before (by this file or an older export of the
	// site) is skipped. The comment's id is drawn with the claim, so parents and replies can refer to each other.
	private static final String CLAIM = """
			insert into imported_comment (source, site, original_id, comment_id)
			select :source, :site, k.key, nextval(pg_get_serial_sequence('comment', 'id'))
			from unnest(:keys::text[]) with ordinality as k(key, n) order by k.n
			on conflict do nothing
			returning original_id, comment_id""";

	private static final String EARLIER = """
			select original_id, comment_id from imported_comment
			where source = :source and site = :site and original_id = any(:keys::text[])""";

	private static final String COMMENTS = """
			insert into comment (id, article_id, parent_id, author_name, email, body, status, created_at)
			overriding system value
			select * from unnest(:ids::bigint[], :articles::bigint[], :parents::bigint[], :names::text[],
			                     :emails::text[], :bodies::text[], :statuses::text[], :times::timestamptz[])""";

	// The published count moves by what was added, so comments posted meanwhile keep counting; the reset event
	// takes the story's next number like any other event, which also orders it among them. The rows are locked
	// in id order first, as the view flusher locks them, so the two never deadlock.
	private static final String FINISH = """
			with added as (select * from unnest(:articles::bigint[], :counts::bigint[]) as a(article_id, published)),
			     locked as materialized (select article_id from article_stats
			                             where article_id = any(:articles::bigint[]) order by article_id for update),
			     advanced as (update article_stats s
			                  set comments = s.comments + added.published, event_seq = s.event_seq + 1
			                  from added join locked using (article_id) where s.article_id = added.article_id
			                  returning s.article_id, s.event_seq, s.comments),
			     e as (insert into comment_event (article_id, seq, kind, comment_id, data)
			           select article_id, event_seq, 'reset', 0, '{}' from advanced)
			select article_id, event_seq, comments from advanced""";

	private final DatabaseClient database;

	ImportWriter(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Writes one batch.
	 * @return the ids of the stories it created
	 */
	Mono<List<String>> write(String source, String site, ImportBatch unordered, ImportTally tally) {
		// Ids are drawn in this order, and a story's comments are listed by id: oldest first, as readers saw them.
		List<ImportedComment> comments = new ArrayList<>(unordered.comments());
		comments.sort(Comparator.comparing(ImportedComment::createdAt));
		ImportBatch batch = new ImportBatch(unordered.site(), unordered.stories(), comments);
		return stories(batch, tally).flatMap((stories) -> claim(source, site, batch)
			.flatMap((claimed) -> earlierParents(source, site, batch, claimed)
				.flatMap((earlier) -> comments(batch, stories, claimed, earlier, tally)))
			.thenReturn(stories.created()));
	}

	/**
	 * Updates the counts of the stories an import touched and gives each one {@code reset} event.
	 * @return the changes, for the open streams
	 */
	Flux<Finished> finish(Map<Long, Long> published) {
		if (published.isEmpty()) {
			return Flux.empty();
		}
		List<Long> articles = new ArrayList<>(new TreeSet<>(published.keySet()));
		return this.database.sql(FINISH)
			.bind("articles", articles.toArray(Long[]::new))
			.bind("counts", articles.stream().map(published::get).toArray(Long[]::new))
			.map((row) -> new Finished(row.get("article_id", Long.class), row.get("event_seq", Long.class),
					row.get("comments", Long.class)))
			.all();
	}

	private Mono<Stories> stories(ImportBatch batch, ImportTally tally) {
		List<ImportedStory> stories = batch.stories();
		return this.database.sql(STORIES)
			.bind("slugs", stories.stream().map(ImportedStory::slug).toArray(String[]::new))
			.bind("titles", stories.stream().map(ImportedStory::title).toArray(String[]::new))
			.bind("urls", stories.stream().map(ImportedStory::url).toArray(String[]::new))
			.bind("dates", stories.stream().map(ImportedStory::publishedAt).toArray(Instant[]::new))
			.map((row) -> new StoryRow(row.get("slug", String.class), row.get("id", Long.class),
					Boolean.TRUE.equals(row.get("created", Boolean.class))))
			.all()
			.collectList()
			.map((rows) -> {
				Map<String, Long> ids = new HashMap<>();
				List<String> created = new ArrayList<>();
				for (StoryRow row : rows) {
					ids.put(row.slug(), row.id());
					tally.story(row.slug(), row.id(), row.created());
					if (row.created()) {
						created.add(row.slug());
					}
				}
				return new Stories(ids, created);
			});
	}

	private Mono<Map<String, Long>> claim(String source, String site, ImportBatch batch) {
		return this.database.sql(CLAIM)
			.bind("source", source)
			.bind("site", site)
			.bind("keys", batch.comments().stream().map(ImportedComment::key).distinct().toArray(String[]::new))
			.map((row) -> Map.entry(row.get("original_id", String.class), row.get("comment_id", Long.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	private Mono<Map<String, Long>> earlierParents(String source, String site, ImportBatch batch, Map<String, Long> claimed) {
		Set<String> wanted = new HashSet<>();
		for (ImportedComment comment : batch.comments()) {
			if (comment.parentKey() != null && !claimed.containsKey(comment.parentKey())) {
				wanted.add(comment.parentKey());
			}
		}
		if (wanted.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.database.sql(EARLIER)
			.bind("source", source)
			.bind("site", site)
			.bind("keys", wanted.toArray(String[]::new))
			.map((row) -> Map.entry(row.get("original_id", String.class), row.get("comment_id", Long.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	private Mono<Void> comments(ImportBatch batch, Stories stories, Map<String, Long> claimed, Map<String, Long> earlier,
			ImportTally tally) {
		List<ImportedComment> fresh = new ArrayList<>();
		List<Long> ids = new ArrayList<>();
		Set<String> written = new HashSet<>();
		for (ImportedComment comment : batch.comments()) {
			Long id = claimed.get(comment.key());
			if (id == null || !written.add(comment.key())) {
				tally.skip(ImportTally.Skip.ALREADY_IMPORTED);
				continue;
			}
			fresh.add(comment);
			ids.add(id);
		}
		if (fresh.isEmpty()) {
			return Mono.empty();
		}
		Long[] parents = new Long[fresh.size()];
		Long[] articles = new Long[fresh.size()];
		for (int i = 0; i < fresh.size(); i++) {
			ImportedComment comment = fresh.get(i);
			String parent = comment.parentKey();
			parents[i] = (parent == null) ? null : claimed.getOrDefault(parent, earlier.get(parent));
			articles[i] = stories.ids().get(comment.slug());
			tally.imported(articles[i], comment.published());
		}
		return this.database.sql(COMMENTS)
			.bind("ids", ids.toArray(Long[]::new))
			.bind("articles", articles)
			.bind("parents", parents)
			.bind("names", fresh.stream().map(ImportedComment::authorName).toArray(String[]::new))
			.bind("emails", fresh.stream().map(ImportedComment::email).toArray(String[]::new))
			.bind("bodies", fresh.stream().map(ImportedComment::body).toArray(String[]::new))
			.bind("statuses", fresh.stream().map((c) -> c.published() ? "PUBLISHED" : "PENDING").toArray(String[]::new))
			.bind("times", fresh.stream().map(ImportedComment::createdAt).toArray(Instant[]::new))
			.then();
	}

	/**
	 * A story after an import: its reset event's number and its published comments.
	 */
	record Finished(long articleId, long seq, long comments) {
	}

	private record StoryRow(String slug, long id, boolean created) {
	}

	private record Stories(Map<String, Long> ids, List<String> created) {
	}

}
