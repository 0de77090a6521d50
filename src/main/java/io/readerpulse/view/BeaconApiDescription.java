package io.readerpulse.view;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;

import io.readerpulse.web.ApiProblems;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Adds the beacon and ping endpoints to the OpenAPI description: it is served by {@link BeaconRoute}, which the
 * description generator cannot see.
 */
@Component
final class BeaconApiDescription implements OpenApiCustomizer {

	@Override
	public void customise(OpenAPI api) {
		ObjectSchema body = new ObjectSchema();
		body.addProperty("visitorId", new StringSchema().maxLength(VisitorFingerprints.MAX_ID_LENGTH)
			.description("The page's own id for the visitor; else X-Visitor-Id, else address and User-Agent"));
		body.addProperty("referrer", new StringSchema().maxLength(Beacons.MAX_REFERRER_LENGTH)
			.description("The page's document.referrer: classified as direct, internal, search, social or other; "
					+ "only its host is stored, never its path or query"));
		Content content = new Content().addMediaType("application/json", new MediaType().schema(body))
			.addMediaType("text/plain", new MediaType().schema(body));
		ObjectSchema pingBody = new ObjectSchema();
		pingBody.addProperty("visitorId", new StringSchema().maxLength(VisitorFingerprints.MAX_ID_LENGTH)
			.description("The page's own id for the visitor; else X-Visitor-Id, else address and User-Agent"));
		Content pingContent = new Content().addMediaType("application/json", new MediaType().schema(pingBody))
			.addMediaType("text/plain", new MediaType().schema(pingBody));
		Operation operation = new Operation().addTagsItem("views")
			.operationId("countView")
			.summary("Count a page view (browser beacon)")
			.description("Anyone. The same visitor on the same story counts once per 30 minutes; crawlers are "
					+ "not counted. Always 202 for a known story.")
			.addParametersItem(new Parameter().in("path").name("slug").required(true).schema(new StringSchema()))
			.addParametersItem(new Parameter().in("header").name("X-Visitor-Id").schema(new StringSchema()))
			.requestBody(new RequestBody().required(false).content(content))
			// Answered before the security chain, so its access is stated here: anyone.
			.security(List.of(new SecurityRequirement()))
			.responses(new ApiResponses().addApiResponse("202", new ApiResponse().description("Accepted")));
		// 400: a malformed body or visitor id; 403: a browser page from an origin the allow-list does not name.
		ApiProblems.attach(operation, HttpStatus.BAD_REQUEST, HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
		ApiProblems.attachCommon(operation);
		api.path("/api/articles/{slug}/views", new PathItem().post(operation));
		Operation ping = new Operation().addTagsItem("views")
			.operationId("countEngagement")
			.summary("Count engaged time (engagement ping)")
			.description("Anyone. A page sends one every 15 s while it is visible and its reader was active "
					+ "within the last 5 s. Each counted ping is 15 engaged seconds; one per visitor per story per "
					+ "15-second slot counts; crawlers never count. Always 202 for a known story.")
			.addParametersItem(new Parameter().in("path").name("slug").required(true).schema(new StringSchema()))
			.addParametersItem(new Parameter().in("header").name("X-Visitor-Id").schema(new StringSchema()))
			.requestBody(new RequestBody().required(false).content(pingContent))
			.security(List.of(new SecurityRequirement()))
			.responses(new ApiResponses().addApiResponse("202", new ApiResponse().description("Accepted")));
		ApiProblems.attach(ping, HttpStatus.BAD_REQUEST, HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
		ApiProblems.attachCommon(ping);
		api.path("/api/articles/{slug}/pings", new PathItem().post(ping));
	}

}
