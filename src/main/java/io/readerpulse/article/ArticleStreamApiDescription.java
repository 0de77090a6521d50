package io.readerpulse.article;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;

import io.readerpulse.web.ApiProblems;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Adds the story stream to the OpenAPI description: it is served by {@link ArticleStreamRoute}, which the
 * description generator cannot see.
 */
@Component
final class ArticleStreamApiDescription implements OpenApiCustomizer {

	@Override
	public void customise(OpenAPI api) {
		Content events = new Content().addMediaType("text/event-stream", new MediaType().schema(new StringSchema()));
		Operation operation = new Operation().addTagsItem("live")
			.operationId("streamArticle")
			.summary("Follow a story live (server-sent events)")
			.description("Anyone. Events: stats, comment, comment-removed, reset, and heartbeat comments. Resume "
					+ "with Last-Event-ID (or lastEventId).")
			.addParametersItem(new Parameter().in("path").name("slug").required(true).schema(new StringSchema()))
			.addParametersItem(new Parameter().in("header").name("Last-Event-ID").schema(new StringSchema()))
			.addParametersItem(new Parameter().in("query").name("lastEventId").schema(new StringSchema()))
			// Answered before the security chain, so its access is stated here: anyone.
			.security(List.of(new SecurityRequirement()))
			.responses(new ApiResponses().addApiResponse("200",
					new ApiResponse().description("The story's events").content(events)));
		ApiProblems.attach(operation, HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
		ApiProblems.attachCommon(operation);
		api.path("/api/articles/{slug}/stream", new PathItem().get(operation));
	}

}
