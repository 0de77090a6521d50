package io.readerpulse.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.readerpulse.IntegrationTest;

import org.springframework.http.HttpStatus;

class StaffApiIT extends IntegrationTest {

	@Test
	void adminCreatesEditorThenEditorCanPublish() {
		String username = "editor-" + unique();
		String password = "a long enough password";
		as(Role.ADMIN, this.client.post().uri("/api/staff"))
			.bodyValue(Map.of("username", username, "password", password, "role", "EDITOR"))
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals("Location", "/api/staff/" + username)
			.expectBody()
			.jsonPath("$.username").isEqualTo(username)
			.jsonPath("$.role").isEqualTo("EDITOR")
			.jsonPath("$.createdAt").isNotEmpty()
			.jsonPath("$.password").doesNotExist()
			.jsonPath("$.passwordHash").doesNotExist();
		this.client.put().uri("/api/articles/story-{id}", unique())
			.headers((headers) -> headers.setBasicAuth(username, password))
			.bodyValue(Map.of("title", "x", "url", "https://news.example.com/x"))
			.exchange()
			.expectStatus().isCreated();
	}

	@Test
	void createdModeratorCannotPublish() {
		String username = "moderator-" + unique();
		String password = "a long enough password";
		as(Role.ADMIN, this.client.post().uri("/api/staff"))
			.bodyValue(Map.of("username", username, "password", password, "role", "MODERATOR"))
			.exchange()
			.expectStatus().isCreated();
		this.client.put().uri("/api/articles/story-{id}", unique())
			.headers((headers) -> headers.setBasicAuth(username, password))
			.bodyValue(Map.of("title", "x", "url", "https://news.example.com/x"))
			.exchange()
			.expectStatus().isForbidden();
	}

	@Test
	void createWithTakenUsernameThenConflict() {
		Map<String, String> body = Map.of("username", "taken-" + unique(), "password", "a long enough password",
				"role", "EDITOR");
		as(Role.ADMIN, this.client.post().uri("/api/staff")).bodyValue(body).exchange().expectStatus().isCreated();
		as(Role.ADMIN, this.client.post().uri("/api/staff")).bodyValue(body).exchange()
			.expectStatus().isEqualTo(HttpStatus.CONFLICT)
			.expectBody().jsonPath("$.status").isEqualTo(409);
	}

	@Test
	void createWithShortPasswordAndBadUsernameThenBadRequest() {
		as(Role.ADMIN, this.client.post().uri("/api/staff"))
			.bodyValue(Map.of("username", "No Spaces", "password", "short", "role", "EDITOR"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors.username").isNotEmpty()
			.jsonPath("$.errors.password").isNotEmpty();
	}

	@Test
	void createWithUnknownRoleThenBadRequest() {
		as(Role.ADMIN, this.client.post().uri("/api/staff"))
			.bodyValue(Map.of("username", "someone-" + unique(), "password", "a long enough password", "role", "BOSS"))
			.exchange()
			.expectStatus().isBadRequest();
	}

	@Test
	void editorCannotManageStaff() {
		Credentials editor = staff(Role.EDITOR);
		this.client.post().uri("/api/staff")
			.headers((headers) -> headers.setBasicAuth(editor.username(), editor.password()))
			.bodyValue(Map.of("username", "sneaky-" + unique(), "password", "a long enough password", "role", "ADMIN"))
			.exchange()
			.expectStatus().isForbidden();
		this.client.get().uri("/api/staff")
			.headers((headers) -> headers.setBasicAuth(editor.username(), editor.password()))
			.exchange()
			.expectStatus().isForbidden();
	}

	@Test
	void listShowsAccountsWithoutPasswordHashes() {
		Credentials editor = staff(Role.EDITOR);
		as(Role.ADMIN, this.client.get().uri("/api/staff")).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$[?(@.username == '%s')].role".formatted(editor.username())).isEqualTo("EDITOR")
			.jsonPath("$[*].passwordHash").doesNotExist();
	}

	@Test
	void deleteThenAccountCanNoLongerSignIn() {
		String username = "leaving-" + unique();
		String password = "a long enough password";
		as(Role.ADMIN, this.client.post().uri("/api/staff"))
			.bodyValue(Map.of("username", username, "password", password, "role", "EDITOR"))
			.exchange()
			.expectStatus().isCreated();
		as(Role.ADMIN, this.client.delete().uri("/api/staff/{username}", username)).exchange().expectStatus().isNoContent();
		this.client.put().uri("/api/articles/story-{id}", unique())
			.headers((headers) -> headers.setBasicAuth(username, password))
			.bodyValue(Map.of("title", "x", "url", "https://news.example.com/x"))
			.exchange()
			.expectStatus().isUnauthorized();
		as(Role.ADMIN, this.client.delete().uri("/api/staff/{username}", username)).exchange().expectStatus().isNotFound();
	}

}
