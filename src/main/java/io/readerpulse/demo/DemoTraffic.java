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
 * (most on the newest story, which goes viral, shared mostly on social networks), engagement pings from the
 * readers who stay, now and then a comment and a reaction. They go through the
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

	// Where the demo's readers come from: a viral story is mostly shared, the others mostly found.
	private static final List<String> VIRAL_REFERRERS = List.of("https://l.facebook.com/", "https://t.co/x1Y2z3",
			"https://www.reddit.com/r/videos/comments/abc/", "https://l.facebook.com/", "https://t.co/a9B8c7",
			"https://www.google.com/", "https://news.example.com/", "", "", "https://www.msn.com/en-us/news");

	private static final List<String> OTHER_REFERRERS = List.of("https://www.google.com/", "https://www.bing.com/",
			"https://news.example.com/", "", "https://l.facebook.com/");

	// Demo readers who stay on a story for a while and ping every 15 s while they do.
	private final List<Reader> readers = new ArrayList<>();

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
				actions.add(view(client, slugs.get(0), VIRAL_REFERRERS, round));
			}
			for (String slug : slugs.subList(1, slugs.size())) {
				if (random.nextInt(3) == 0) {
					actions.add(view(client, slug, OTHER_REFERRERS, round));
				}
			}
			actions.addAll(pings(client, round));
			if (round % 15 == 5) {
				actions.add(comment(client, slugs.get(random.nextInt(Math.min(2, slugs.size())))));
			}
			if (round % 10 == 3) {
				actions.add(react(client, slugs.get(random.nextInt(slugs.size()))));
			}
			return Flux.merge(actions.stream().map((action) -> action.onErrorComplete()).toList()).then();
		});
	}

	private Mono<?> view(WebClient client, String slug, List<String> referrers, long round) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String visitor = "demo-" + random.nextLong(1_000_000_000L);
		// About one reader in three stays to read, for half a minute to three minutes.
		if (random.nextInt(3) == 0) {
			synchronized (this.readers) {
				this.readers.add(new Reader(slug, visitor, round, round + 30 + random.nextInt(150)));
			}
		}
		return client.post().uri("/api/articles/{slug}/views", slug)
			.header("User-Agent", BROWSER)
			.header("X-Visitor-Id", visitor)
			.bodyValue(Map.of("referrer", referrers.get(random.nextInt(referrers.size()))))
			.retrieve()
			.toBodilessEntity();
	}

	private List<Mono<?>> pings(WebClient client, long round) {
		List<Mono<?>> pings = new ArrayList<>();
		synchronized (this.readers) {
			this.readers.removeIf((reader) -> reader.leaves() <= round);
			for (Reader reader : this.readers) {
				if ((round - reader.arrived()) % 15 == 14) {
					pings.add(client.post().uri("/api/articles/{slug}/pings", reader.slug())
						.header("User-Agent", BROWSER)
						.header("X-Visitor-Id", reader.visitor())
						.retrieve()
						.toBodilessEntity());
				}
			}
		}
		return pings;
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

	// A demo reader staying on a story from round `arrived` until round `leaves`.
	private record Reader(String slug, String visitor, long arrived, long leaves) {
	}

}
