package io.readerpulse.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-origin policy as the routes below WebFlux apply it: the answers Spring's processor gives.
 */
class ApiCorsTest {

	private static final URI OWN = URI.create("https://pulse.example.com");

	private final ApiCors cors = ApiCors.allowing(List.of("https://news.example.com"));

	private final Map<String, String> headers = new LinkedHashMap<>();

	@Test
	void aPageOfAnAllowedSiteIsAdmittedWithItsHeaders() {
		assertThat(this.cors.admits("https://news.example.com", () -> OWN, HttpMethod.POST, this.headers::put)).isTrue();
		assertThat(this.headers).containsEntry("Access-Control-Allow-Origin", "https://news.example.com")
			.containsEntry("Access-Control-Expose-Headers", "Location, Retry-After")
			.containsEntry("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
			.doesNotContainKey("Access-Control-Allow-Credentials");
	}

	@Test
	void aPageOfAnotherSiteIsRefused() {
		assertThat(this.cors.admits("https://evil.example.net", () -> OWN, HttpMethod.POST, this.headers::put)).isFalse();
		assertThat(this.headers).doesNotContainKey("Access-Control-Allow-Origin");
	}

	@Test
	void theServicesOwnPagesAndRequestsWithoutAnOriginNeedNoPermission() {
		assertThat(this.cors.admits("https://pulse.example.com:443", () -> OWN, HttpMethod.POST, this.headers::put)).isTrue();
		assertThat(this.cors.admits(null, () -> OWN, HttpMethod.POST, this.headers::put)).isTrue();
		assertThat(this.headers).doesNotContainKey("Access-Control-Allow-Origin");
		assertThat(this.cors.admits("http://pulse.example.com", () -> OWN, HttpMethod.POST, this.headers::put))
			.as("another scheme is another origin")
			.isFalse();
	}

	@Test
	void withoutAllowedSitesNoOtherOriginIsAskedAbout() {
		ApiCors sameOriginOnly = ApiCors.allowing(List.of());
		assertThat(sameOriginOnly.configuration()).isNull();
		assertThat(sameOriginOnly.admits("https://evil.example.net", () -> OWN, HttpMethod.POST, this.headers::put))
			.as("as Spring does without a configuration: the browser, not the service, refuses the answer")
			.isTrue();
		assertThat(this.headers).doesNotContainKey("Access-Control-Allow-Origin");
	}

	@Test
	void aMalformedOriginIsNotTheServicesOwn() {
		assertThat(this.cors.admits("not a url", () -> OWN, HttpMethod.POST, this.headers::put)).isFalse();
	}

}
