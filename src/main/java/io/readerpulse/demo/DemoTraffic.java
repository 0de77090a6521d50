package io.readerpulse.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Simulated readers ({@code PULSE_DEMO_TRAFFIC=true}) so that a demo's pages move: every second some views
 * (most on the newest story, which goes viral), now and then a comment and a reaction. They go through the
 * public HTTP API like any reader's, so they are counted, deduplicated, moderated and rate-limited the same
 * way (the comment rate limit applies to them too). Off by default: it writes comments into the database.
 */
@Component
final class DemoTraffic implements ApplicationListener<WebServerInitializedEvent>, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(DemoTraffic.class);

	private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/120.0.0.0 Safari/537.36 (Reader Pulse demo traffic)";

	private static final List<String> NAMES = List.of("Ann", "Bo", "Chidi", "Dana", "Emil", "Fatima", "Goran",
			"Hana", "Ilse", "Jonas");

	private static final List<String> REMARKS = List.of("Did not expect to see this today.",
			"The video is everywhere, my whole family sent it to me.", "Which channel aired it first?",
			"Great summary, thanks.", "Is there a longer version of the clip?", "Following this story.",
			"Interesting angle on the sanctions question.", "Still can't believe it.");

	private static final List<String> KINDS = List.of("like", "love", "haha", "wow", "sad", "angry");

	private final boolean enabled;

	private final List<String> tokens = new ArrayList<>();

	private volatile @Nullable WebClient http;

	private volatile @Nullable Disposable running;

	private long tick;

	DemoTraffic(DemoProperties properties) {
		this.enabled = properties.traffic();
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (this.enabled && !"management".equals(event.getApplicationContext().getServerNamespace())) {
			this.http = WebClient.create("http://localhost:" + event.getWebServer().getPort());
			start();
		}
	}

	@Override
	public void start() {
		WebClient client = this.http;
		if (client == null || this.running != null) {
			return;
		}
		logger.info("Demo traffic is on: simulated readers are viewing, commenting and reacting");
		this.running = Flux.interval(Duration.ofSeconds(1))
			.onBackpressureDrop()
			.concatMap((second) -> round(client).onErrorResume((ex) -> {
				logger.debug("A round of demo traffic failed: {}", ex.getMessage());
				return Mono.empty();
			}), 0)
			.subscribe();
	}

	private Mono<Void> round(WebClient client) {
		long round = this.tick++;
		return client.get().uri("/api/articles?limit=6").retrieve().bodyToMono(JsonNode.class).flatMap((page) -> {
			List<String> slugs = new ArrayList<>();
			page.get("items").forEach((item) -> slugs.add(item.get("slug").asString()));
			if (slugs.isEmpty()) {
				return Mono.empty();
			}
			ThreadLocalRandom random = ThreadLocalRandom.current();
			List<Mono<?>> actions = new ArrayList<>();
			// The newest story draws a growing crowd for a few minutes, then settles; the others trickle.
			int crowd = (int) Math.min(40, 3 + round / 4);
			for (int i = 0; i < crowd; i++) {
				actions.add(view(client, slugs.get(0)));
			}
			for (String slug : slugs.subList(1, slugs.size())) {
				if (random.nextInt(3) == 0) {
					actions.add(view(client, slug));
				}
			}
			if (round % 15 == 5) {
				actions.add(comment(client, slugs.get(random.nextInt(Math.min(2, slugs.size())))));
			}
			if (round % 10 == 3) {
				actions.add(react(client, slugs.get(random.nextInt(slugs.size()))));
			}
			return Flux.merge(actions.stream().map((action) -> action.onErrorComplete()).toList()).then();
		});
	}

	private Mono<?> view(WebClient client, String slug) {
		return client.post().uri("/api/articles/{slug}/views", slug)
			.header("User-Agent", BROWSER)
			.header("X-Visitor-Id", "demo-" + ThreadLocalRandom.current().nextLong(1_000_000_000L))
			.retrieve()
			.toBodilessEntity();
	}

	private Mono<?> comment(WebClient client, String slug) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String name = NAMES.get(random.nextInt(NAMES.size()));
		return client.post().uri("/api/articles/{slug}/comments", slug)
			.header("User-Agent", BROWSER)
			.bodyValue(Map.of("name", name + " (demo)", "email", name.toLowerCase() + "@demo.invalid", "body",
					REMARKS.get(random.nextInt(REMARKS.size())) + " #" + random.nextInt(10_000)))
			.retrieve()
			.onStatus(HttpStatusCode::is4xxClientError, (response) -> Mono.empty())
			.toBodilessEntity();
	}

	private Mono<?> react(WebClient client, String slug) {
		Mono<String> token;
		synchronized (this.tokens) {
			// A handful of demo devices; each reacts (or changes its reaction) now and then.
			token = (this.tokens.size() < 5) ? client.post().uri("/api/auth/device").retrieve()
				.bodyToMono(JsonNode.class)
				.map((issued) -> issued.get("token").asString())
				.doOnNext((issued) -> {
					synchronized (this.tokens) {
						this.tokens.add(issued);
					}
				}) : Mono.just(this.tokens.get(ThreadLocalRandom.current().nextInt(this.tokens.size())));
		}
		return token.flatMap((bearer) -> client.put().uri("/api/articles/{slug}/reaction", slug)
			.headers((headers) -> headers.setBearerAuth(bearer))
			.bodyValue(Map.of("kind", KINDS.get(ThreadLocalRandom.current().nextInt(KINDS.size()))))
			.retrieve()
			.toBodilessEntity());
	}

	@Override
	public void stop() {
		Disposable current = this.running;
		if (current != null) {
			current.dispose();
		}
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	@Override
	public boolean isAutoStartup() {
		// Started once the web server is up (it needs the port).
		return false;
	}

}
