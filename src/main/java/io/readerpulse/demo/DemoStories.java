package io.readerpulse.demo;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.readerpulse.StartupTask;
import io.readerpulse.article.ArticleService;
import io.readerpulse.article.UpsertArticleRequest;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Loads the demo stories ({@code demo/stories.json}) into an empty database when {@code PULSE_DEMO} is on,
 * so that a newcomer's first page shows something. A database that has any story is left alone.
 */
@Component
@Order(10)
final class DemoStories implements StartupTask {

	private static final Logger logger = LoggerFactory.getLogger(DemoStories.class);

	private static final String RESOURCE = "demo/stories.json";

	private final ArticleService articles;

	private final JsonMapper json;

	private final boolean enabled;

	DemoStories(ArticleService articles, JsonMapper json, DemoProperties properties) {
		this.articles = articles;
		this.json = json;
		this.enabled = properties.stories();
	}

	@Override
	public Mono<Void> run() {
		if (!this.enabled) {
			return Mono.empty();
		}
		return this.articles.isEmpty()
			.filter(Boolean::booleanValue)
			.flatMap((empty) -> Mono.fromCallable(this::read).subscribeOn(Schedulers.boundedElastic()))
			.flatMapMany(Flux::fromIterable)
			.concatMap((story) -> this.articles.upsert(story.slug(), story.toRequest()))
			.count()
			.filter((count) -> count > 0)
			.doOnNext((count) -> logger.info("Loaded {} demo stories into the empty database", count))
			.then();
	}

	private List<DemoStory> read() throws IOException {
		try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
			return this.json.readValue(in, new TypeReference<List<DemoStory>>() {
			});
		}
	}

	/**
	 * One story of the demo data set.
	 */
	record DemoStory(String slug, String title, String url, @Nullable String section, @Nullable String summary,
			Instant publishedAt, Instant updatedAt) {

		UpsertArticleRequest toRequest() {
			return new UpsertArticleRequest(this.title, this.url, this.section, this.summary, this.publishedAt,
					this.updatedAt);
		}

	}

}
