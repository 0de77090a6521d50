package io.readerpulse.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Deque;
import java.util.HexFormat;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.jspecify.annotations.Nullable;

/**
 * A Disqus export: threads, then posts naming their thread and parent by {@code dsq:id}. A parent may come
 * anywhere in the file and a reply to a skipped post moves up to the nearest imported ancestor, so posts are
 * read whole (as compact records, their bodies already plain text) before the first batch is handed on.
 */
final class DisqusReader implements ExportReader {

	private static final String INTERNALS = "http://disqus.com/disqus-internals";

	private final XMLStreamReader xml;

	private final ImportTally tally;

	private final DisqusPosts posts = new DisqusPosts();

	private String site = "";

	private @Nullable Deque<ImportBatch> batches;

	DisqusReader(XMLStreamReader xml, ImportTally tally) {
		this.xml = xml;
		this.tally = tally;
	}

	@Override
	public @Nullable ImportBatch next() throws XMLStreamException {
		if (this.batches == null) {
			readAll();
			this.batches = this.posts.batches(this.site, this.tally);
		}
		return this.batches.poll();
	}

	private void readAll() throws XMLStreamException {
		while (this.xml.hasNext() && this.xml.next() != XMLStreamConstants.START_ELEMENT) {
			// Up to the root element.
		}
		if (!this.xml.isStartElement()) {
			throw new ImportRejectedException(this.xml.getLocation(), "The file is not a Disqus export: it is empty.");
		}
		Xml.requireRoot(this.xml, "disqus", "a Disqus export");
		while (Xml.nextChild(this.xml)) {
			switch (this.xml.getLocalName()) {
				case "thread" -> readThread();
				case "post" -> readPost();
				default -> Xml.skip(this.xml);
			}
		}
		while (this.xml.hasNext()) {
			// Whatever follows the root must still be well-formed.
			this.xml.next();
		}
	}

	private void readThread() throws XMLStreamException {
		int line = this.xml.getLocation().getLineNumber();
		String id = dsqId();
		String link = "";
		String title = "";
		Instant created = null;
		while (Xml.nextChild(this.xml)) {
			switch (this.xml.getLocalName()) {
				case "link" -> link = Xml.text(this.xml);
				case "title" -> title = PlainText.decoded(Xml.text(this.xml));
				case "createdAt" -> created = Dates.iso(Xml.text(this.xml));
				case "forum" -> {
					String forum = Xml.text(this.xml);
					if (this.site.isEmpty()) {
						this.site = forum;
					}
				}
				default -> Xml.skip(this.xml);
			}
		}
		String slug = StorySlugs.ofLink(link);
		if (id == null || slug == null) {
			this.tally.problem(line, "A thread without a dsq:id or a link to a page: its posts are skipped as orphans.");
		}
		else {
			this.posts.thread(id, new DisqusPosts.Thread(slug, title.isEmpty() ? slug : title, link,
					(created != null) ? created : Instant.EPOCH));
		}
	}

	private void readPost() throws XMLStreamException {
		int line = this.xml.getLocation().getLineNumber();
		String id = dsqId();
		String thread = "";
		String parent = "";
		String name = "";
		String username = "";
		String email = "";
		String body = "";
		Instant created = null;
		boolean spam = false;
		boolean deleted = false;
		while (Xml.nextChild(this.xml)) {
			switch (this.xml.getLocalName()) {
				case "message" -> body = PlainText.of(Xml.text(this.xml));
				case "createdAt" -> created = Dates.iso(Xml.text(this.xml));
				case "isSpam" -> spam = bool(Xml.text(this.xml), "isSpam", line);
				case "isDeleted" -> deleted = bool(Xml.text(this.xml), "isDeleted", line);
				case "thread" -> {
					thread = orEmpty(dsqId());
					Xml.skip(this.xml);
				}
				case "parent" -> {
					parent = orEmpty(dsqId());
					Xml.skip(this.xml);
				}
				case "author" -> {
					while (Xml.nextChild(this.xml)) {
						switch (this.xml.getLocalName()) {
							case "name" -> name = PlainText.decoded(Xml.text(this.xml));
							case "username" -> username = Xml.text(this.xml);
							case "email" -> email = Xml.text(this.xml);
							default -> Xml.skip(this.xml);
						}
					}
				}
				default -> Xml.skip(this.xml);
			}
		}
		ImportTally.Skip skip = spam ? ImportTally.Skip.SPAM : deleted ? ImportTally.Skip.DELETED : null;
		if (skip == null && body.isEmpty()) {
			this.tally.problem(line, "An empty post is skipped.");
			skip = ImportTally.Skip.DELETED;
		}
		String key = id;
		if (key == null) {
			// Without its id a post cannot be anybody's parent, but it is still recognised on the next import.
			key = "sha256:" + digest(thread + '\n' + created + '\n' + name + '\n' + body);
			this.tally.problem(line, "A post without a dsq:id: it is imported, but no reply can name it.");
		}
		this.posts.post(id, new DisqusPosts.Post(key, thread, parent,
				name.isEmpty() ? (username.isEmpty() ? "Anonymous" : username) : name, email, body, created, skip));
	}

	private boolean bool(String value, String field, int line) {
		return switch (value.toLowerCase(java.util.Locale.ROOT)) {
			case "true", "1" -> true;
			case "false", "0", "" -> false;
			default -> {
				this.tally.problem(line, field + " is '" + value + "', not true or false: taken as false.");
				yield false;
			}
		};
	}

	private @Nullable String dsqId() {
		String id = this.xml.getAttributeValue(INTERNALS, "id");
		if (id == null) {
			for (int i = 0; i < this.xml.getAttributeCount(); i++) {
				if (this.xml.getAttributeLocalName(i).equals("id")) {
					id = this.xml.getAttributeValue(i);
				}
			}
		}
		return (id == null || id.isBlank()) ? null : id.strip();
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	private static String digest(String text) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
