package io.readerpulse.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.jspecify.annotations.Nullable;

/**
 * A WordPress export (WXR 1.0 to 1.2), one {@code item} (post or page) at a time: its comments are resolved
 * when the item ends, since comment ids are unique only per post and replies may come before their parents.
 */
final class WxrReader implements ExportReader {

	private final XMLStreamReader xml;

	private final ImportTally tally;

	private String site = "";

	private boolean started;

	WxrReader(XMLStreamReader xml, ImportTally tally) {
		this.xml = xml;
		this.tally = tally;
	}

	@Override
	public @Nullable ImportBatch next() throws XMLStreamException {
		Map<String, ImportedStory> stories = new LinkedHashMap<>();
		List<ImportedComment> comments = new ArrayList<>();
		boolean siteFromWordPress = false;
		while (comments.size() < BATCH && this.xml.hasNext()) {
			if (this.xml.next() != XMLStreamConstants.START_ELEMENT) {
				continue;
			}
			if (!this.started) {
				Xml.requireRoot(this.xml, "rss", "a WordPress export (WXR)");
				this.started = true;
				continue;
			}
			String name = this.xml.getLocalName();
			if (name.equals("item")) {
				readItem(stories, comments);
			}
			else if (isWp(name, "base_site_url")) {
				this.site = Xml.text(this.xml);
				siteFromWordPress = true;
			}
			else if (name.equals("link") && this.site.isEmpty() && !siteFromWordPress && Xml.noNamespace(this.xml)) {
				this.site = Xml.text(this.xml);
			}
		}
		return (comments.isEmpty() && !this.xml.hasNext()) ? null : new ImportBatch(this.site, List.copyOf(stories.values()), comments);
	}

	private void readItem(Map<String, ImportedStory> stories, List<ImportedComment> into) throws XMLStreamException {
		String title = "";
		String link = "";
		String postName = "";
		String postId = "";
		Instant published = null;
		List<Raw> raw = new ArrayList<>();
		int line = this.xml.getLocation().getLineNumber();
		while (Xml.nextChild(this.xml)) {
			String name = this.xml.getLocalName();
			if (Xml.noNamespace(this.xml) && name.equals("title")) {
				title = PlainText.decoded(Xml.text(this.xml));
			}
			else if (Xml.noNamespace(this.xml) && name.equals("link")) {
				link = Xml.text(this.xml);
			}
			else if (isWp(name, "post_name")) {
				postName = Xml.text(this.xml);
			}
			else if (isWp(name, "post_id")) {
				postId = Xml.text(this.xml);
			}
			else if (isWp(name, "post_date_gmt")) {
				published = Dates.wordPress(Xml.text(this.xml));
			}
			else if (isWp(name, "post_date") && published == null) {
				published = Dates.wordPress(Xml.text(this.xml));
			}
			else if (isWp(name, "comment")) {
				raw.add(readComment());
			}
			else {
				Xml.skip(this.xml);
			}
		}
		if (raw.isEmpty()) {
			return;
		}
		String slug = StorySlugs.of(postName);
		if (slug == null) {
			slug = StorySlugs.ofLink(link);
		}
		if (slug == null) {
			slug = StorySlugs.of("post-" + postId);
		}
		if (slug == null) {
			this.tally.problem(line, "A post without a name, link or id: its " + raw.size() + " comments are skipped.");
			raw.forEach((comment) -> this.tally.skip(ImportTally.Skip.ORPHAN));
			return;
		}
		Instant when = (published != null) ? published : raw.get(0).createdAt();
		List<ImportedComment> kept = resolve(postId, slug, raw, when);
		if (!kept.isEmpty()) {
			stories.putIfAbsent(slug, new ImportedStory(slug, title.isEmpty() ? slug : title, link, when));
			into.addAll(kept);
		}
	}

	private List<ImportedComment> resolve(String postId, String slug, List<Raw> raw, Instant fallback) {
		Map<String, Raw> byId = new HashMap<>();
		for (Raw comment : raw) {
			byId.putIfAbsent(comment.id(), comment);
		}
		List<ImportedComment> kept = new ArrayList<>();
		for (Raw comment : raw) {
			if (comment.skip() != null) {
				this.tally.skip(comment.skip());
				continue;
			}
			String parent = Threads.nearestKept(comment.parent(), byId, Raw::parent, (r) -> r.skip() == null);
			kept.add(new ImportedComment(postId + "/" + comment.id(), (parent != null) ? postId + "/" + parent : null,
					slug, comment.author(), comment.email(), comment.body(),
					(comment.createdAt() != null) ? comment.createdAt() : fallback, comment.published()));
		}
		return kept;
	}

	private Raw readComment() throws XMLStreamException {
		String id = "";
		String parent = "";
		String author = "";
		String email = "";
		String content = "";
		String approved = "1";
		String type = "";
		Instant gmt = null;
		Instant local = null;
		int line = this.xml.getLocation().getLineNumber();
		while (Xml.nextChild(this.xml)) {
			String name = this.xml.getLocalName();
			if (!Xml.isWordPress(this.xml)) {
				Xml.skip(this.xml);
				continue;
			}
			switch (name) {
				case "comment_id" -> id = Xml.text(this.xml);
				case "comment_parent" -> parent = Xml.text(this.xml);
				case "comment_author" -> author = PlainText.decoded(Xml.text(this.xml));
				case "comment_author_email" -> email = Xml.text(this.xml);
				case "comment_content" -> content = PlainText.of(Xml.text(this.xml));
				case "comment_approved" -> approved = Xml.text(this.xml);
				case "comment_type" -> type = Xml.text(this.xml);
				case "comment_date_gmt" -> gmt = Dates.wordPress(Xml.text(this.xml));
				case "comment_date" -> local = Dates.wordPress(Xml.text(this.xml));
				default -> Xml.skip(this.xml);
			}
		}
		ImportTally.Skip skip = switch (type) {
			case "pingback" -> ImportTally.Skip.PINGBACK;
			case "trackback" -> ImportTally.Skip.TRACKBACK;
			default -> switch (approved) {
				case "1", "0" -> null;
				case "spam" -> ImportTally.Skip.SPAM;
				case "trash", "post-trashed" -> ImportTally.Skip.TRASH;
				default -> {
					this.tally.problem(line, "comment_approved is '" + approved + "': the comment is skipped as trash.");
					yield ImportTally.Skip.TRASH;
				}
			};
		};
		if (skip == null && gmt == null && local == null) {
			this.tally.problem(line, "A comment without a time: it takes its post's.");
		}
		if (skip == null && id.isEmpty()) {
			this.tally.problem(line, "A comment without an id is skipped: it could not be told apart on the next import.");
			skip = ImportTally.Skip.ORPHAN;
		}
		if (skip == null && content.isEmpty()) {
			this.tally.problem(line, "An empty comment is skipped.");
			skip = ImportTally.Skip.TRASH;
		}
		return new Raw(id, parent.equals("0") ? "" : parent, author.isEmpty() ? "Anonymous" : author, email, content,
				(gmt != null) ? gmt : local, "1".equals(approved), skip);
	}

	private boolean isWp(String name, String expected) {
		return name.equals(expected) && Xml.isWordPress(this.xml);
	}

	private record Raw(String id, String parent, String author, String email, String body, @Nullable Instant createdAt,
			boolean published, ImportTally.@Nullable Skip skip) {
	}

}
