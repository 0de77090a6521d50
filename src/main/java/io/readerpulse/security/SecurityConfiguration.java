package io.readerpulse.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import io.readerpulse.web.ApiCors;
import io.readerpulse.web.DatabaseUnavailable;
import io.readerpulse.web.ProblemResponses;
import io.readerpulse.web.ProblemType;
import io.readerpulse.web.RouteMethods;
import io.readerpulse.web.TooManyRequestsException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who may call what. Every path is listed with the least privilege it needs; anything not listed is denied.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	private static final String REALM = "Reader Pulse";

	@Bean
	ThrottledSignIn throttledSignIn(ReactiveUserDetailsService staff, PasswordEncoder passwordEncoder, Clock clock) {
		// One throttle for both ways of signing in: the form is no way around the API's limit, nor the reverse.
		return new ThrottledSignIn(staff, passwordEncoder, clock);
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemResponses problems,
			RouteMethods routes, DeviceTokens tokens, ThrottledSignIn signIn, StaffSessions sessions,
			SecurityProperties properties) {
		ServerWebExchangeMatcher bearerPaths = ServerWebExchangeMatchers.pathMatchers("/api/articles/*/reaction");
		ServerAuthenticationEntryPoint challenge = (exchange, ex) -> (ex instanceof ThrottledSignIn.TooManySignInAttempts throttled)
				? tooManySignIns(exchange, problems, throttled.retryAfter())
				: DatabaseUnavailable.causedBy(ex)
						? problems.write(exchange, DatabaseUnavailable.problem(), DatabaseUnavailable.headers())
				: refuse(exchange, routes, problems,
				bearerPaths.matches(exchange).flatMap((match) -> {
					HttpHeaders headers = new HttpHeaders();
					if (match.isMatch() || ex instanceof OAuth2AuthenticationException) {
						// RFC 6750: a bad token is "invalid_token"; a missing one gets the bare challenge.
						headers.set(HttpHeaders.WWW_AUTHENTICATE, (ex instanceof OAuth2AuthenticationException)
								? "Bearer error=\"invalid_token\"" : "Bearer");
						return problems.write(exchange, ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
								"Send a valid bearer token (POST /api/auth/device issues one)."), headers);
					}
					// A staff page's script whose session ended must not make the browser ask for a Basic password:
					// its page sends it to the sign-in form instead.
					headers.set(HttpHeaders.WWW_AUTHENTICATE, exchange.getRequest().getCookies().containsKey(StaffSessions.COOKIE)
							? "Session realm=\"" + REALM + "\", sign-in=\"/signin\"" : "Basic realm=\"" + REALM + "\"");
					return problems.write(exchange, ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
							"Sign in with a staff account to do this."), headers);
				}));
		ServerAccessDeniedHandler denied = (exchange, ex) -> refuse(exchange, routes, problems,
				Mono.defer(() -> problems.write(exchange,
						ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your account may not do this."),
						new HttpHeaders())));
		return http
			.authorizeExchange((exchanges) -> exchanges
				// Pages and their scripts and styles: every reader.
				.pathMatchers(HttpMethod.GET, "/", "/articles/*", "/assets/**").permitAll()
				// Articles: readers read, editors write.
				.pathMatchers(HttpMethod.GET, "/api/articles", "/api/articles/*").permitAll()
				.pathMatchers(HttpMethod.HEAD, "/api/articles", "/api/articles/*").permitAll()
				.pathMatchers(HttpMethod.PUT, "/api/articles/*").hasRole(StaffRole.EDITOR.name())
				.pathMatchers(HttpMethod.DELETE, "/api/articles/*").hasRole(StaffRole.EDITOR.name())
				// Live streams: every reader. (View beacons are answered before this chain: see BeaconRoute.)
				.pathMatchers(HttpMethod.GET, "/api/articles/*/stream").permitAll()
				// Comments: anyone posts and reads; moderators moderate.
				.pathMatchers(HttpMethod.GET, "/api/articles/*/comments").permitAll()
				.pathMatchers(HttpMethod.POST, "/api/articles/*/comments").permitAll()
				.pathMatchers("/api/moderation/**").hasRole(StaffRole.MODERATOR.name())
				.pathMatchers(HttpMethod.DELETE, "/api/comments/*").hasRole(StaffRole.MODERATOR.name())
				// Reactions: readers' apps, with a bearer token (device or external issuer), never staff passwords.
				.pathMatchers(HttpMethod.PUT, "/api/articles/*/reaction").hasAuthority(DeviceTokens.READER)
				.pathMatchers(HttpMethod.DELETE, "/api/articles/*/reaction").hasAuthority(DeviceTokens.READER)
				.pathMatchers(HttpMethod.POST, "/api/auth/device").permitAll()
				// Trending: public, like the stories themselves.
				.pathMatchers(HttpMethod.GET, "/api/trending", "/api/trending/stream").permitAll()
				// Any staff member: the audience figures are the newsroom's, not the readers'.
				.pathMatchers(HttpMethod.GET, "/api/articles/*/audience", "/api/dashboard/stream")
				.hasAnyRole(StaffRole.EDITOR.name(), StaffRole.MODERATOR.name())
				// Staff accounts.
				.pathMatchers("/api/staff", "/api/staff/*").hasRole(StaffRole.ADMIN.name())
				// Imports: years of comments at once, with authors' emails, so administrators only.
				.pathMatchers(HttpMethod.POST, "/api/imports/*").hasRole(StaffRole.ADMIN.name())
				// Operations: probes are public, metrics are not.
				.pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
				.pathMatchers(HttpMethod.GET, "/actuator/prometheus", "/actuator/info").hasRole(StaffRole.ADMIN.name())
				// The API description and its browsable UI.
				.pathMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
						"/swagger-ui.html", "/swagger-ui/**", "/webjars/swagger-ui/**")
				.permitAll()
				.anyExchange().denyAll())
			.httpBasic((basic) -> basic.authenticationManager(signIn)
				.authenticationEntryPoint(challenge))
			.oauth2ResourceServer((bearer) -> bearer.authenticationManagerResolver(tokens.resolver())
				.authenticationEntryPoint(challenge))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(challenge).accessDeniedHandler(denied))
			// Credentials travel with every API request (Basic, bearer): no session is started here. A staff
			// page's session is read, but a change it asks for counts as signed in only with the session's
			// own CSRF token in a header, which no other site's page can send (see StaffSessions).
			.securityContextRepository(sessions.forApi())
			// Nor a saved request to replay after a login: looking one up would create a web session (and draw
			// from SecureRandom) on every request, beacons included.
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.cors((cors) -> { })
			// Before any credential is checked: a cross-site write is refused whoever it claims to be.
			.addFilterBefore(new CrossSiteWrites(origins(properties), problems), SecurityWebFiltersOrder.CORS)
			// DirectRoutes.secure gives a guest's comment, answered below this chain, the same headers.
			.headers((headers) -> headers.frameOptions((frame) -> frame.mode(Mode.DENY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
			.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		// bcrypt today; the {id} prefix in each hash lets stronger schemes take over without a migration.
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/**
	 * Requests the firewall refuses (encoded slashes, {@code ..} segments, control characters in headers) get
	 * a problem body like every other refusal, instead of an empty 400.
	 */
	@Bean
	ServerExchangeRejectedHandler rejectedRequests(ProblemResponses problems) {
		return (exchange, ex) -> problems.write(exchange, ProblemType.REJECTED_REQUEST.problem(HttpStatus.BAD_REQUEST,
				"The request's path or headers are not allowed."), new HttpHeaders());
	}

	@Bean
	ApiCors apiCors(SecurityProperties properties) {
		return ApiCors.allowing(origins(properties));
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource(ApiCors cors) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		CorsConfiguration api = cors.configuration();
		if (api != null) {
			source.registerCorsConfiguration("/api/**", api);
		}
		return source;
	}

	static List<String> origins(SecurityProperties properties) {
		return properties.corsOrigins().stream().map(String::trim).filter((o) -> !o.isEmpty()).toList();
	}

	private static Mono<Void> tooManySignIns(ServerWebExchange exchange, ProblemResponses problems, Duration wait) {
		TooManyRequestsException tooMany = new TooManyRequestsException(
				"Too many failed sign-ins from this address; try again later.", wait);
		return problems.write(exchange, tooMany.getBody(), tooMany.getHeaders());
	}

	/**
	 * Answers a refused request: 405 if the path exists but not with this method (the client's real mistake),
	 * else the given 401 or 403.
	 */
	private static Mono<Void> refuse(ServerWebExchange exchange, RouteMethods routes, ProblemResponses problems,
			Mono<Void> otherwise) {
		// Writing completes empty, so the choice is made on the 405 itself, not on what writing it emits.
		return routes.wrongMethod(exchange)
			.map((notAllowed) -> problems.write(exchange, notAllowed.getBody(), notAllowed.getHeaders()))
			.defaultIfEmpty(otherwise)
			.flatMap(Function.identity());
	}

}
