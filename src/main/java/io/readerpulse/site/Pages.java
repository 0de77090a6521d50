package io.readerpulse.site;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import io.readerpulse.article.ArticleDirectory;
import io.readerpulse.article.Slugs;
import io.readerpulse.security.StaffSession;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The pages: {@code /} (stories and the live trending board), {@code /articles/{slug}} (a reader page), and
 * for staff {@code /signin}, {@code /dashboard} and {@code /moderation} (who may open them is decided by the
 * pages' security chain; the staff pages are never cached, since they carry a session's token).
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
			.GET("/signin", (request) -> csrf(request).flatMap((csrf) -> {
				Map<String, Object> model = new HashMap<>();
				model.put("csrf", csrf);
				model.put("next", request.queryParam("next").filter(Pages::isPath).orElse("/dashboard"));
				model.put("error", request.queryParam("error").isPresent());
				model.put("throttled", request.queryParam("throttled").isPresent());
				model.put("signedOut", request.queryParam("signedOut").isPresent());
				return page(HttpStatus.OK, "signin", "Sign in · Reader Pulse", model);
			}))
			.GET("/dashboard", (request) -> staffPage(request, "dashboard", "Dashboard · Reader Pulse", "dashboard.js"))
			.GET("/moderation", (request) -> staffPage(request, "moderation", "Moderation · Reader Pulse", "moderation.js"))
			.build();
	}

	private static Mono<ServerResponse> staffPage(ServerRequest request, String template, String title, String script) {
		return Mono.zip(csrf(request), request.principal().map((principal) -> {
			StaffSession session = StaffSession.of((principal instanceof Authentication authentication) ? authentication : null);
			if (session == null) {
				throw new IllegalStateException("A staff page is only ever served to a signed-in session");
			}
			return session;
		})).flatMap((both) -> {
			StaffSession session = both.getT2();
			Map<String, Object> model = new HashMap<>();
			model.put("csrf", both.getT1());
			model.put("staff", Map.of("username", session.username(), "moderates", session.moderates(), "token",
					session.csrfToken()));
			model.put("scripts", List.of("pulse.js", script));
			return page(HttpStatus.OK, template, title, model);
		});
	}

	// The sign-out and sign-in forms' token: asking for it is what makes Spring Security issue its cookie.
	private static Mono<String> csrf(ServerRequest request) {
		Mono<CsrfToken> token = request.exchange().getAttribute(CsrfToken.class.getName());
		return (token != null) ? token.map(CsrfToken::getToken) : Mono.just("");
	}

	private static boolean isPath(String next) {
		return next.startsWith("/") && !next.startsWith("//") && next.matches("[A-Za-z0-9/._~-]{1,200}");
	}

	private static Mono<ServerResponse> page(HttpStatus status, String template, String title, Map<String, Object> model) {
		Map<String, Object> all = new HashMap<>(model);
		all.put("title", title);
		all.putIfAbsent("scripts", List.of());
		return ServerResponse.status(status)
			.contentType(HTML)
			.cacheControl(CacheControl.noStore())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.render(template, all);
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
