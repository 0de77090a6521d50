package io.readerpulse.audience;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The search engines and social networks known by host, from Snowplow's maintained referer-parser list
 * ({@code referers.json}: media, then sources, then their domains). Its {@code email} and {@code unknown}
 * media are sites whose medium is not search or social, so they count as {@link Source#OTHER}; entries
 * that need a path to be told apart are left out, because only the host of a referrer is ever looked at.
 */
final class ReferrerList {

	private final Map<String, Source> byHost;

	private ReferrerList(Map<String, Source> byHost) {
		this.byHost = byHost;
	}

	static ReferrerList read(InputStream json, JsonMapper mapper) throws IOException {
		Map<String, Source> byHost = new HashMap<>();
		JsonNode media = mapper.readTree(json);
		for (Map.Entry<String, JsonNode> medium : media.properties()) {
			Source source = switch (medium.getKey()) {
				case "search" -> Source.SEARCH;
				case "social" -> Source.SOCIAL;
				default -> Source.OTHER;
			};
			for (JsonNode site : medium.getValue()) {
				for (JsonNode domain : site.path("domains")) {
					String host = domain.asString().toLowerCase(Locale.ROOT);
					if (!host.contains("/")) {
						byHost.putIfAbsent(host, source);
					}
				}
			}
		}
		if (byHost.isEmpty()) {
			throw new IOException("The referrer list names no hosts");
		}
		return new ReferrerList(byHost);
	}

	/**
	 * The source of a host: its own entry, else that of the nearest parent domain listed
	 * ({@code l.facebook.com} is Facebook's even if only {@code facebook.com} were listed).
	 * @param host a lower-case host name
	 * @return the source, or {@code null} if neither the host nor a parent is listed
	 */
	@Nullable Source sourceOf(String host) {
		String candidate = host;
		while (true) {
			Source source = this.byHost.get(candidate);
			if (source != null) {
				return source;
			}
			int dot = candidate.indexOf('.');
			if (dot < 0 || candidate.indexOf('.', dot + 1) < 0) {
				return null;
			}
			candidate = candidate.substring(dot + 1);
		}
	}

	int size() {
		return this.byHost.size();
	}

}
