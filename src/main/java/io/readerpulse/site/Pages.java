package io.readerpulse.site;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.article.Slugs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The pages: {@code /} (stories and the live trending board) and {@code /articles/{slug}} (a reader page).
 * They are static HTML that talks to the public API from {@code /assets}; everything a reader wrote is put
 * into the page as text by the scripts, and a strict Content-Security-Policy allows only this site's own
 * scripts and styles, so a comment can never run as code.
 */
@Configuration(proxyBeanMethods = false)
class Pages {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
			+ "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private static final Resource HOME = new ClassPathResource("pages/index.html");

	private static final Resource ARTICLE = new ClassPathResource("pages/article.html");

	private static final Resource NOT_FOUND = new ClassPathResource("pages/not-found.html");

	@Bean
	RouterFunction<ServerResponse> pageRoutes(ArticleDirectory directory) {
		return RouterFunctions.route()
			.GET("/", (request) -> page(HttpStatus.OK, HOME))
			.GET("/articles/{slug}", (request) -> {
				String slug = request.pathVariable("slug");
				// Unknown stories get a real 404, for readers and for search engines alike.
				Mono<Long> known = Slugs.isValid(slug) ? directory.idOf(slug) : Mono.empty();
				return known.flatMap((id) -> page(HttpStatus.OK, ARTICLE))
					.switchIfEmpty(Mono.defer(() -> page(HttpStatus.NOT_FOUND, NOT_FOUND)));
			})
			.build();
	}

	private static Mono<ServerResponse> page(HttpStatus status, Resource page) {
		return ServerResponse.status(status)
			.contentType(HTML)
			.cacheControl(CacheControl.noCache())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.bodyValue(page);
	}

}
