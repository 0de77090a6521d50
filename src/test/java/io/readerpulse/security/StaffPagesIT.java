package io.readerpulse.security;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;
import io.readerpulse.OwnClock;
import io.readerpulse.TestInstance;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff pages over real HTTP: the sign-in form, its session and CSRF rules, and the API used through a
 * session. (The pages in a browser: see the browser tests.)
 */
@OwnClock
class StaffPagesIT extends IntegrationTest {

	private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern SESSION_TOKEN = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

	@Test
	void aPageThatNeedsASignInRedirectsToTheFormNeverToABasicChallenge() {
		for (String page : new String[] { "/dashboard", "/moderation" }) {
			this.client.get().uri(page).exchange()
				.expectStatus().isSeeOther()
				.expectHeader().location("/signin?next=%2F" + page.substring(1))
				.expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
		}
		// Basic credentials are no way into a page either: pages know only their own sessions.
		as(Role.ADMIN, this.client.get().uri("/dashboard")).exchange().expectStatus().isSeeOther();
	}

	@Test
	void signingInStartsASessionThatOpensThePagesAndTheApi() {
		Session session = signIn(Role.MODERATOR, "/moderation");
		assertThat(session.cookie().isHttpOnly()).isTrue();
		assertThat(session.cookie().getSameSite()).isEqualTo("Lax");
		assertThat(session.cookie().getPath()).isEqualTo("/");

		String page = session.get("/moderation").expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(page).contains("Comments waiting for moderation").contains(staff(Role.MODERATOR).username());
		session.get("/api/moderation/comments?status=PENDING").expectStatus().isOk();
		session.get("/dashboard").expectStatus().isOk();
		session.get("/api/articles/{slug}/audience", newArticle()).expectStatus().isOk();
	}

	@Test
	void aChangeThroughASessionNeedsTheSessionsOwnToken() {
		Session session = signIn(Role.MODERATOR, "/moderation");
		String token = sessionToken(session.get("/moderation").expectBody(String.class).returnResult().getResponseBody());
		long held = heldComment();

		session.post("/api/moderation/comments/" + held + "/approve", null).expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Session .*");
		session.post("/api/moderation/comments/" + held + "/approve", "not-the-token").expectStatus().isUnauthorized();
		// A page of another site cannot send the token, and is refused even before that.
		this.client.post().uri("/api/moderation/comments/{id}/approve", held)
			.cookie(StaffSessions.COOKIE, session.cookie().getValue())
			.header(StaffSessions.CSRF_HEADER, token)
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.exchange()
			.expectStatus().isForbidden();
		session.post("/api/moderation/comments/" + held + "/approve", token).expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("PUBLISHED");
	}

	@Test
	void aReadersCommentFromASignedInBrowserStillWorksWithoutAToken() {
		Session session = signIn(Role.EDITOR, "/dashboard");
		this.client.post().uri("/api/articles/{slug}/comments", newArticle())
			.cookie(StaffSessions.COOKIE, session.cookie().getValue())
			.bodyValue(Map.of("name", "Editor at home", "email", "editor@example.com", "body", "As a reader."))
			.exchange()
			.expectStatus().isCreated();
	}

	@Test
	void theFormNeedsItsCsrfTokenAndAWrongPasswordShowsTheFormAgain() {
		Credentials editor = staff(Role.EDITOR);
		this.client.post().uri("/signin")
			.body(BodyInserters.fromFormData("username", editor.username()).with("password", editor.password()))
			.exchange()
			.expectStatus().isForbidden();

		Form form = form("/dashboard");
		this.client.post().uri("/signin")
			.cookie("PULSE_CSRF", form.cookie())
			.body(BodyInserters.fromFormData("_csrf", form.token()).with("username", editor.username())
				.with("password", "wrong").with("next", "/dashboard"))
			.exchange()
			.expectStatus().isSeeOther()
			.expectHeader().location("/signin?error&next=%2Fdashboard")
			.expectCookie().doesNotExist(StaffSessions.COOKIE);
		String again = this.client.get().uri("/signin?error&next={next}", "/dashboard").exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(again).contains("do not match a staff account").contains("value=\"/dashboard\"");
	}

	@Test
	void aSignInGoesBackOnlyToAPathOfThisSite() {
		assertThat(signIn(Role.EDITOR, "//evil.example/x").location()).isEqualTo("/dashboard");
		assertThat(signIn(Role.EDITOR, "https://evil.example/").location()).isEqualTo("/dashboard");
		assertThat(signIn(Role.EDITOR, "/moderation").location()).isEqualTo("/moderation");
	}

	@Test
	void anEditorMayNotOpenTheModerationDesk() {
		Session session = signIn(Role.EDITOR, "/dashboard");
		session.get("/moderation").expectStatus().isForbidden();
		session.get("/api/moderation/comments?status=PENDING").expectStatus().isForbidden();
	}

	@Test
	void signingOutEndsTheSessionEverywhere() {
		Session session = signIn(Role.MODERATOR, "/moderation");
		String page = session.get("/moderation").expectBody(String.class).returnResult().getResponseBody();
		Form form = form("/dashboard");
		// The sign-out form's token is the pages' CSRF token (the sign-in form's cookie).
		Matcher token = FORM_TOKEN.matcher(page);
		assertThat(token.find()).isTrue();
		this.client.post().uri("/signout")
			.cookie(StaffSessions.COOKIE, session.cookie().getValue())
			.cookie("PULSE_CSRF", session.csrfCookie() != null ? session.csrfCookie() : form.cookie())
			.body(BodyInserters.fromFormData("_csrf", session.csrfCookie() != null ? session.csrfCookie() : form.token()))
			.exchange()
			.expectStatus().isSeeOther()
			.expectHeader().location("/signin?signedOut");
		session.get("/api/moderation/comments?status=PENDING").expectStatus().isUnauthorized();
		session.get("/moderation").expectStatus().isSeeOther();
	}

	@Test
	void aSessionWorksOnEveryInstance() {
		Session session = signIn(Role.EDITOR, "/dashboard");
		try (TestInstance other = TestInstance.start()) {
			other.client().get().uri("/dashboard").cookie(StaffSessions.COOKIE, session.cookie().getValue()).exchange()
				.expectStatus().isOk();
		}
	}

	@Test
	void failedSignInsThroughTheFormAreThrottledLikeTheApis() {
		Credentials editor = staff(Role.EDITOR);
		this.clock.advance(Duration.ofSeconds(61));
		try {
			Form form = form("/dashboard");
			for (int i = 0; i < ThrottledSignIn.FAILURES_PER_MINUTE; i++) {
				submit(form, editor.username(), "wrong-" + i, "/dashboard").expectHeader().location("/signin?error&next=%2Fdashboard");
			}
			submit(form, editor.username(), editor.password(), "/dashboard")
				.expectHeader().location("/signin?throttled&next=%2Fdashboard");
			this.client.get().uri("/api/moderation/comments")
				.headers((headers) -> headers.setBasicAuth(editor.username(), editor.password()))
				.exchange()
				.expectStatus().isEqualTo(429);
		}
		finally {
			this.clock.advance(Duration.ofSeconds(61));
		}
	}

	private WebTestClient.ResponseSpec submit(Form form, String username, String password, String next) {
		return this.client.post().uri("/signin")
			.cookie("PULSE_CSRF", form.cookie())
			.body(BodyInserters.fromFormData("_csrf", form.token()).with("username", username).with("password", password)
				.with("next", next))
			.exchange()
			.expectStatus().isSeeOther();
	}

	private long heldComment() {
		String slug = newArticle();
		Number id = (Number) this.client.post().uri("/api/articles/{slug}/comments", slug)
			.bodyValue(Map.of("name", "Held", "email", "held@example.com", "body", "This has a forbiddenword in it."))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		return id.longValue();
	}

	private Form form(String next) {
		EntityExchangeResult<String> page = this.client.get().uri("/signin?next={next}", next).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class).returnResult();
		Matcher token = FORM_TOKEN.matcher(page.getResponseBody());
		assertThat(token.find()).as("the form carries a CSRF token").isTrue();
		ResponseCookie cookie = page.getResponseCookies().getFirst("PULSE_CSRF");
		assertThat(cookie).isNotNull();
		return new Form(token.group(1), cookie.getValue());
	}

	private Session signIn(Role role, String next) {
		Credentials credentials = staff(role);
		Form form = form("/dashboard");
		EntityExchangeResult<Void> result = this.client.post().uri("/signin")
			.cookie("PULSE_CSRF", form.cookie())
			.body(BodyInserters.fromFormData("_csrf", form.token()).with("username", credentials.username())
				.with("password", credentials.password()).with("next", next))
			.exchange()
			.expectStatus().isSeeOther()
			.expectBody().isEmpty();
		ResponseCookie cookie = result.getResponseCookies().getFirst(StaffSessions.COOKIE);
		assertThat(cookie).as("a session cookie").isNotNull();
		ResponseCookie csrf = result.getResponseCookies().getFirst("PULSE_CSRF");
		return new Session(this.client, cookie, String.valueOf(result.getResponseHeaders().getLocation()),
				(csrf != null && !csrf.getValue().isEmpty()) ? csrf.getValue() : form.cookie());
	}

	private static String sessionToken(String page) {
		Matcher token = SESSION_TOKEN.matcher(page);
		assertThat(token.find()).as("a staff page carries its session's token").isTrue();
		return token.group(1);
	}

	private record Form(String token, String cookie) {
	}

	private record Session(WebTestClient client, ResponseCookie cookie, String location, String csrfCookie) {

		WebTestClient.ResponseSpec get(String uri, Object... variables) {
			return this.client.get().uri(uri, variables).cookie(StaffSessions.COOKIE, this.cookie.getValue()).exchange();
		}

		WebTestClient.ResponseSpec post(String uri, String token) {
			WebTestClient.RequestBodySpec request = this.client.post().uri(uri).cookie(StaffSessions.COOKIE, this.cookie.getValue());
			if (token != null) {
				request.header(StaffSessions.CSRF_HEADER, token);
			}
			return request.exchange();
		}

	}

}
