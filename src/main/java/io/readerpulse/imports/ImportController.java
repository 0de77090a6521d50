package io.readerpulse.imports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import io.readerpulse.web.InvalidRequestException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Imports of a site's comment history, streamed from the export file as it is uploaded.
 */
@RestController
final class ImportController {

	private static final String RSS = "application/rss+xml";

	private final Importer importer;

	ImportController(Importer importer) {
		this.importer = importer;
	}

	@Operation(operationId = "importWordPress", summary = "Import the comments of a WordPress export (WXR 1.0-1.2)",
			tags = "imports",
			description = "The file as WordPress exports it (Tools, Export), streamed, up to 2 GiB; Content-Encoding: "
					+ "gzip accepted. Spam, trash, pingbacks and trackbacks are skipped; the same file again imports "
					+ "nothing. A file that is not well-formed stores nothing.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = { @Content(mediaType = MediaType.APPLICATION_XML_VALUE, schema = @Schema(type = "string", format = "binary")),
							@Content(mediaType = MediaType.TEXT_XML_VALUE, schema = @Schema(type = "string", format = "binary")),
							@Content(mediaType = RSS, schema = @Schema(type = "string", format = "binary")) }))
	@ApiResponse(responseCode = "200", description = "What was imported and what was skipped, and why")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@PostMapping(path = "/api/imports/wordpress", consumes = { MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, RSS })
	Mono<ImportReport> wordPress(ServerHttpRequest request,
			@Parameter(description = "Report what would be imported, and store nothing")
			@RequestParam(defaultValue = "false") boolean dryRun) {
		return importFrom(ImportSource.WORDPRESS, request, dryRun);
	}

	@Operation(operationId = "importDisqus", summary = "Import the comments of a Disqus export", tags = "imports",
			description = "The file as Disqus exports it, streamed, up to 2 GiB; Content-Encoding: gzip accepted. "
					+ "Threads naming one page under several addresses are one story; spam, deleted posts and posts "
					+ "of missing threads are skipped. A file that is not well-formed stores nothing.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = { @Content(mediaType = MediaType.APPLICATION_XML_VALUE, schema = @Schema(type = "string", format = "binary")),
							@Content(mediaType = MediaType.TEXT_XML_VALUE, schema = @Schema(type = "string", format = "binary")) }))
	@ApiResponse(responseCode = "200", description = "What was imported and what was skipped, and why")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@PostMapping(path = "/api/imports/disqus", consumes = { MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, RSS })
	Mono<ImportReport> disqus(ServerHttpRequest request,
			@Parameter(description = "Report what would be imported, and store nothing")
			@RequestParam(defaultValue = "false") boolean dryRun) {
		return importFrom(ImportSource.DISQUS, request, dryRun);
	}

	private Mono<ImportReport> importFrom(ImportSource source, ServerHttpRequest request, boolean dryRun) {
		String encoding = request.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
		boolean gzip = encoding != null && encoding.strip().equalsIgnoreCase("gzip");
		if (encoding != null && !gzip && !encoding.strip().equalsIgnoreCase("identity")) {
			return Mono.error(new InvalidRequestException(HttpHeaders.CONTENT_ENCODING, "must be gzip, or absent"));
		}
		return this.importer.run(source, request.getBody(), gzip, dryRun);
	}

}
