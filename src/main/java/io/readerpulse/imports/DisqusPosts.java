package io.readerpulse.imports;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The threads and posts of a Disqus export as read, and the batches they make once the whole file is in: a
 * post's parent may come anywhere in the file, and a reply to a skipped post moves up to the nearest
 * imported ancestor.
 */
final class DisqusPosts {

	private final Map<String, Thread> threads = new HashMap<>();

	// Several threads may name one story; the first one in the file gives its title and address.
	private final Map<String, Thread> threadsBySlug = new HashMap<>();

	private final List<Post> posts = new ArrayList<>();

	private final Map<String, Post> postsById = new HashMap<>();

	void thread(String id, Thread thread) {
		this.threads.putIfAbsent(id, thread);
		this.threadsBySlug.putIfAbsent(thread.slug(), thread);
	}

	/**
	 * @param id the post's {@code dsq:id}, if it has one (only then can replies name it)
	 */
	void post(@Nullable String id, Post post) {
		this.posts.add(post);
		if (id != null) {
			this.postsById.putIfAbsent(id, post);
		}
	}

	/**
	 * The posts to import, parents first, in batches; skipped ones are tallied. Forgets the posts.
	 */
	Deque<ImportBatch> batches(String site, ImportTally tally) {
		Map<Post, ImportedComment> kept = new LinkedHashMap<>();
		for (Post post : this.posts) {
			Thread thread = this.threads.get(post.thread());
			if (post.skip() != null) {
				tally.skip(post.skip());
				continue;
			}
			if (thread == null) {
				tally.skip(ImportTally.Skip.ORPHAN);
				continue;
			}
			kept.put(post, null);
		}
		for (Post post : kept.keySet()) {
			String parent = Threads.nearestKept(post.parent(), this.postsById, Post::parent, kept::containsKey);
			Thread thread = this.threads.get(post.thread());
			kept.put(post, new ImportedComment(post.key(), parent, thread.slug(), post.author(), post.email(), post.body(),
					(post.createdAt() != null) ? post.createdAt() : thread.createdAt(), true));
		}
		// A parent is always in the batch of its reply or an earlier one.
		List<ImportedComment> ordered = Threads.parentsFirst(kept.values());
		Deque<ImportBatch> batches = new ArrayDeque<>();
		for (int start = 0; start < ordered.size(); start += ExportReader.BATCH) {
			List<ImportedComment> comments = ordered.subList(start, Math.min(start + ExportReader.BATCH, ordered.size()));
			Map<String, ImportedStory> stories = new LinkedHashMap<>();
			for (ImportedComment comment : comments) {
				stories.computeIfAbsent(comment.slug(), (slug) -> story(comment));
			}
			batches.add(new ImportBatch(site, List.copyOf(stories.values()), List.copyOf(comments)));
		}
		this.posts.clear();
		this.postsById.clear();
		return batches;
	}

	private ImportedStory story(ImportedComment comment) {
		Thread thread = this.threadsBySlug.get(comment.slug());
		return new ImportedStory(thread.slug(), thread.title(), thread.link(), thread.createdAt());
	}

	record Thread(String slug, String title, String link, Instant createdAt) {
	}

	record Post(String key, String thread, String parent, String author, String email, String body,
			@Nullable Instant createdAt, ImportTally.@Nullable Skip skip) {
	}

}
