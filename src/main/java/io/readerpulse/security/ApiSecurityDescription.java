package io.readerpulse.security;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import io.readerpulse.web.ApiProblems;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Tells clients of the OpenAPI description who may call each operation, as {@link SecurityConfiguration}
 * decides it, and which refusals that brings.
 * <p>
 * Kept next to the access rules because it restates them: change both together. An operation missing here
 * gets no security requirement, which {@code OpenApiIT} (and {@code redocly lint}) reject.
 */
@Component
final class ApiSecurityDescription implements OpenApiCustomizer {

	/** HTTP Basic with a staff account. */
	static final String BASIC = "basicAuth";

	/** A bearer JWT: a device token, or one of the configured OpenID issuer. */
	static final String BEARER = "bearerAuth";

	// The beacon (POST /api/articles/{slug}/views) describes its own access: see BeaconApiDescription.
	private static final Map<String, Access> ACCESS = Map.ofEntries(
			Map.entry("GET /api/articles", Access.ANYONE),
			Map.entry("GET /api/articles/{slug}", Access.ANYONE),
			Map.entry("PUT /api/articles/{slug}", Access.staff(StaffRole.EDITOR)),
			Map.entry("DELETE /api/articles/{slug}", Access.staff(StaffRole.EDITOR)),
			Map.entry("GET /api/articles/{slug}/stream", Access.ANYONE),
			Map.entry("GET /api/articles/{slug}/comments", Access.ANYONE),
			Map.entry("POST /api/articles/{slug}/comments", Access.ANYONE_OR_READER),
			Map.entry("GET /api/moderation/comments", Access.staff(StaffRole.MODERATOR)),
			Map.entry("POST /api/moderation/comments/{id}/approve", Access.staff(StaffRole.MODERATOR)),
			Map.entry("POST /api/moderation/comments/{id}/reject", Access.staff(StaffRole.MODERATOR)),
			Map.entry("DELETE /api/comments/{id}", Access.staff(StaffRole.MODERATOR)),
			Map.entry("PUT /api/articles/{slug}/reaction", Access.READER),
			Map.entry("DELETE /api/articles/{slug}/reaction", Access.READER),
			Map.entry("POST /api/auth/device", Access.ANYONE),
			Map.entry("GET /api/trending", Access.ANYONE),
			Map.entry("GET /api/trending/stream", Access.ANYONE),
			Map.entry("GET /api/articles/{slug}/audience", Access.anyStaff()),
			Map.entry("GET /api/dashboard/stream", Access.anyStaff()),
			Map.entry("POST /api/staff", Access.staff(StaffRole.ADMIN)),
			Map.entry("GET /api/staff", Access.staff(StaffRole.ADMIN)),
			Map.entry("DELETE /api/staff/{username}", Access.staff(StaffRole.ADMIN)),
			Map.entry("POST /api/imports/wordpress", Access.staff(StaffRole.ADMIN)),
			Map.entry("POST /api/imports/disqus", Access.staff(StaffRole.ADMIN)));

	@Override
	public void customise(OpenAPI api) {
		if (api.getComponents() == null) {
			api.components(new Components());
		}
		api.getComponents()
			.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
				.description("A staff account (EDITOR, MODERATOR or ADMIN). Each operation lists the role it "
						+ "needs; administrators hold every role. 10 failed sign-ins from one address within a "
						+ "minute are answered 429 until the minute is over."))
			.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
				.bearerFormat("JWT")
				.description("A reader's token: from POST /api/auth/device, or an access token of the "
						+ "configured OpenID issuer with the audience `reader-pulse-api`."));
		if (api.getPaths() == null) {
			return;
		}
		api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			Access access = ACCESS.get(method.name() + " " + path);
			if (access != null && operation.getSecurity() == null) {
				describe(operation, access);
			}
		}));
	}

	private static void describe(Operation operation, Access access) {
		operation.setSecurity(access.requirements().get());
		ApiProblems.attach(operation, access.refusals());
	}

	/**
	 * Who may call an operation, and the refusals the security layer can answer it with.
	 *
	 * @param requirements the security requirements, any one of which suffices
	 * @param refusals the problem statuses the security layer can give
	 */
	private record Access(Supplier<List<SecurityRequirement>> requirements, HttpStatus... refusals) {

		/** Anyone, signed in or not: an empty requirement. */
		static final Access ANYONE = new Access(() -> List.of(new SecurityRequirement()));

		/** Anyone; a reader's token may come along, and is then checked (401 if not valid). */
		static final Access ANYONE_OR_READER = new Access(
				() -> List.of(new SecurityRequirement(), new SecurityRequirement().addList(BEARER)),
				HttpStatus.UNAUTHORIZED);

		/** A reader's token; staff credentials are refused (403). */
		static final Access READER = new Access(() -> List.of(new SecurityRequirement().addList(BEARER)),
				HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);

		/**
		 * A staff account with the role (OpenAPI 3.1 lets a non-OAuth requirement list roles).
		 * @param role the role
		 * @return the access
		 */
		static Access staff(StaffRole role) {
			return new Access(() -> List.of(new SecurityRequirement().addList(BASIC, role.name())),
					HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN, HttpStatus.TOO_MANY_REQUESTS);
		}

		/**
		 * Any staff account: an editor, a moderator or an administrator.
		 * @return the access
		 */
		static Access anyStaff() {
			return new Access(
					() -> List.of(new SecurityRequirement().addList(BASIC,
							List.of(StaffRole.EDITOR.name(), StaffRole.MODERATOR.name()))),
					HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN, HttpStatus.TOO_MANY_REQUESTS);
		}

	}

}
