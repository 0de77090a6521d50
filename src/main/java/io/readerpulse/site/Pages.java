package io.readerpulse.site;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.article.Slugs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The pages: {@code /} (stories and the live trending board) and {@code /articles/{slug}} (a reader page).
 * They are HTML templates (Mustache, for the shared head) that talk to the public API from {@code /assets};
 * no reader's text is rendered on the server: everything a reader wrote is put
 * into the page as text by the scripts, and a strict Content-Security-Policy allows only this site's own
 * scripts and styles, so a comment can never run as code.
 */
@Configuration(proxyBeanMethods = false)
class Pages {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
			+ "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	@Bean
	RouterFunction<ServerResponse> pageRoutes(ArticleDirectory directory) {
		return RouterFunctions.route()
			.GET("/", (request) -> page(HttpStatus.OK, "index", "Reader Pulse", "home.js"))
			.GET("/articles/{slug}", (request) -> {
				String slug = request.pathVariable("slug");
				// Unknown stories get a real 404, for readers and for search engines alike.
				Mono<Long> known = Slugs.isValid(slug) ? directory.idOf(slug) : Mono.empty();
				return known.flatMap((id) -> page(HttpStatus.OK, "article", "Reader Pulse", "article.js"))
					.switchIfEmpty(Mono.defer(() -> page(HttpStatus.NOT_FOUND, "not-found", "Story not found · Reader Pulse")));
			})
			.build();
	}

	/**
	 * A page from {@code src/main/resources/pages}, with the shared head ({@code head.html}).
	 * @param status the response status
	 * @param template the page's file name, without {@code .html}
	 * @param title the window title
	 * @param scripts the page's own scripts from {@code /assets}, after the shared {@code pulse.js}
	 * @return the response
	 */
	private static Mono<ServerResponse> page(HttpStatus status, String template, String title, String... scripts) {
		List<String> loaded = new ArrayList<>();
		if (scripts.length > 0) {
			loaded.add("pulse.js");
			loaded.addAll(List.of(scripts));
		}
		return ServerResponse.status(status)
			.contentType(HTML)
			.cacheControl(CacheControl.noCache())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.render(template, Map.of("title", title, "scripts", loaded));
	}

}
