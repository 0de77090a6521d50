package io.readerpulse.imports;

import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeVisitor;

import io.readerpulse.web.StorableText;

/**
 * The text a reader saw of an HTML comment body: paragraphs and line breaks kept, entities decoded, links as
 * their text, no tags. WordPress stores bodies with bare newlines and adds the paragraphs when it shows them,
 * so newlines in the text count as line breaks too.
 */
final class PlainText {

	private static final Set<String> BLOCKS = Set.of("p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2",
			"h3", "h4", "h5", "h6", "table", "tr");

	private static final Pattern TRAILING_SPACE = Pattern.compile("[ \\t\\u00a0]+\\n");

	private static final Pattern PARAGRAPH_GAP = Pattern.compile("\\n{3,}");

	private PlainText() {
	}

	/**
	 * The plain text of a body.
	 * @param html the stored body, HTML or plain
	 * @return its text
	 */
	static String of(String html) {
		if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
			return tidy(html);
		}
		Document document = Jsoup.parseBodyFragment(html);
		StringBuilder text = new StringBuilder(html.length());
		document.body().traverse(new NodeVisitor() {
			@Override
			public void head(Node node, int depth) {
				if (node instanceof TextNode textNode) {
					text.append(textNode.getWholeText());
				}
				else if (node instanceof Element element && element.nameIs("br")) {
					text.append('\n');
				}
				else if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
					text.append("\n\n");
				}
			}

			@Override
			public void tail(Node node, int depth) {
				if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
					text.append("\n\n");
				}
			}
		});
		return tidy(text.toString());
	}

	/**
	 * A name or other short value with its entities decoded.
	 * @param value the value as exported
	 * @return the decoded value, trimmed
	 */
	static String decoded(String value) {
		return storable(Parser.unescapeEntities(value, false).strip());
	}

	private static String tidy(String text) {
		String lines = text.replace("\r\n", "\n").replace('\r', '\n');
		lines = TRAILING_SPACE.matcher(lines).replaceAll("\n");
		return storable(PARAGRAPH_GAP.matcher(lines).replaceAll("\n\n").strip());
	}

	/**
	 * The text with what PostgreSQL cannot store (a NUL, half a surrogate pair: XML cannot carry them, but a
	 * decoded entity such as {@code &#0;} can) replaced, so one odd comment does not fail a whole import.
	 */
	private static String storable(String text) {
		if (StorableText.isStorable(text)) {
			return text;
		}
		StringBuilder clean = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
			if (pair) {
				clean.append(c).append(text.charAt(++i));
			}
			else {
				clean.append((c == 0 || Character.isSurrogate(c)) ? '\uFFFD' : c);
			}
		}
		return clean.toString();
	}

}
