package io.readerpulse.security;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.readerpulse.web.ProblemResponses;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who may open the staff pages, and how staff sign in to them; the API's rules are in
 * {@link SecurityConfiguration}. This chain comes first and answers only the pages' own paths.
 */
@Configuration(proxyBeanMethods = false)
class StaffPagesSecurity {

	/**
	 * The staff pages ({@code /signin}, {@code /signout}, {@code /dashboard}, {@code /moderation}): a sign-in
	 * form, a session cookie, CSRF tokens on every form. A page that needs a sign-in redirects to it (and
	 * back afterwards); browsers never see a Basic challenge here.
	 */
	@Bean
	@Order(1)
	SecurityWebFilterChain pagesSecurityWebFilterChain(ServerHttpSecurity http, ThrottledSignIn signIn,
			StaffSessions sessions, ProblemResponses problems, SecurityProperties properties) {
		ServerSecurityContextRepository repository = sessions.forPages();
		ServerAuthenticationEntryPoint toSignIn = (exchange, ex) -> redirect(exchange,
				"/signin?next=" + URLEncoder.encode(exchange.getRequest().getPath().value(), StandardCharsets.UTF_8));
		CookieServerCsrfTokenRepository csrfTokens = new CookieServerCsrfTokenRepository();
		csrfTokens.setCookieName("PULSE_CSRF");
		csrfTokens.setCookiePath("/");
		csrfTokens.setCookieCustomizer((cookie) -> cookie.sameSite("Strict"));
		return http
			.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/signin", "/signout", "/dashboard", "/moderation"))
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/signin").permitAll()
				.pathMatchers(HttpMethod.POST, "/signout").permitAll()
				.pathMatchers(HttpMethod.GET, "/dashboard").hasAnyRole(StaffRole.EDITOR.name(), StaffRole.MODERATOR.name())
				.pathMatchers(HttpMethod.GET, "/moderation").hasRole(StaffRole.MODERATOR.name())
				.anyExchange().denyAll())
			.securityContextRepository(repository)
			.formLogin((form) -> form.loginPage("/signin")
				.authenticationManager(signIn)
				.securityContextRepository(repository)
				.authenticationEntryPoint(toSignIn)
				.authenticationSuccessHandler((filterExchange, authentication) -> filterExchange.getExchange()
					.getFormData()
					.flatMap((fields) -> redirect(filterExchange.getExchange(), safeNext(fields.getFirst("next")))))
				.authenticationFailureHandler((filterExchange, ex) -> filterExchange.getExchange()
					.getFormData()
					.flatMap((fields) -> redirect(filterExchange.getExchange(), "/signin?"
							+ ((ex instanceof ThrottledSignIn.TooManySignInAttempts) ? "throttled" : "error") + "&next="
							+ URLEncoder.encode(safeNext(fields.getFirst("next")), StandardCharsets.UTF_8)))))
			.logout((logout) -> logout.logoutUrl("/signout")
				.logoutSuccessHandler((filterExchange, authentication) -> redirect(filterExchange.getExchange(),
						"/signin?signedOut")))
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler()))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(toSignIn)
				.accessDeniedHandler((exchange, ex) -> {
					exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
					exchange.getResponse().getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
					return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory()
						.wrap("Your account may not open this page.".getBytes(StandardCharsets.UTF_8))));
				}))
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.addFilterBefore(new CrossSiteWrites(SecurityConfiguration.origins(properties), problems), SecurityWebFiltersOrder.CORS)
			.headers((headers) -> headers.frameOptions((frame) -> frame.mode(Mode.DENY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
			.build();
	}

	/**
	 * Where a sign-in goes afterwards: the page that asked, if it is a path of this site; else the dashboard.
	 */
	static String safeNext(@Nullable String next) {
		if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
				|| !next.matches("[A-Za-z0-9/._~-]{1,200}")) {
			return "/dashboard";
		}
		return next;
	}

	private static Mono<Void> redirect(ServerWebExchange exchange, String location) {
		exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
		exchange.getResponse().getHeaders().setLocation(URI.create(location));
		return exchange.getResponse().setComplete();
	}

}
