package io.readerpulse.web;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * The front matter of the OpenAPI description: what the API is, where it is served, and its tags.
 */
@Component
final class ApiOverview implements OpenApiCustomizer {

	@Override
	public void customise(OpenAPI api) {
		api.info(new Info().title("Reader Pulse API")
			.version("1")
			.description("""
					Reader engagement for a news site: stories and their live stats, page-view beacons, \
					comments and their moderation, readers' reactions, and what is trending.

					JSON in and out. Every error is an RFC 9457 `application/problem+json` body (the \
					`Problem` schema). Lists are pages of `items` with a `nextCursor` to pass back as \
					`cursor` (`limit` 1..100, default 20). Request bodies are limited to 16 KiB. Each \
					operation lists who may call it: `{}` means anyone, signed in or not."""));
		// Relative: the service that serves this description, wherever it runs.
		api.servers(List.of(new Server().url("/").description("This service")));
		api.tags(List.of(
				tag("articles", "Stories: anyone reads them, editors publish, update and delete them."),
				tag("views", "Page-view beacons and engagement pings, sent by the reader page."),
				tag("audience", "Staff: a story's audience per minute, where readers come from, engaged time, and "
						+ "the editors' live board."),
				tag("live", "Server-sent event streams for open pages, dashboards and apps."),
				tag("trending", "What is trending now, and which stories are going viral."),
				tag("comments", "Readers' comments: anyone posts (guests welcome) and reads the published ones."),
				tag("moderation", "The moderators' desk: queues with authors' emails, approve, reject, delete."),
				tag("imports", "Administrators: a site's comment history from WordPress and Disqus exports."),
				tag("reactions", "One reaction per reader per story, from apps holding a bearer token."),
				tag("devices", "Tokens for readers' apps."),
				tag("staff", "Staff accounts, managed by administrators.")));
	}

	private static Tag tag(String name, String description) {
		return new Tag().name(name).description(description);
	}

}
