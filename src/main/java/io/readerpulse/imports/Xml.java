package io.readerpulse.imports;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Walking StAX events the way both exports need: children of the current element, their text, skipping
 * what is not read.
 */
final class Xml {

	private Xml() {
	}

	/**
	 * Checks the document's root element.
	 * @throws ImportRejectedException if it is not the one the format has
	 */
	static void requireRoot(XMLStreamReader xml, String root, String format) {
		if (!xml.getLocalName().equals(root)) {
			throw new ImportRejectedException(xml.getLocation(),
					"The file is not " + format + ": its root element is <" + xml.getLocalName() + ">.");
		}
	}

	/**
	 * Moves to the next child element of the current one.
	 * @return {@code true} at a child's start, {@code false} at the current element's end
	 */
	static boolean nextChild(XMLStreamReader xml) throws XMLStreamException {
		while (xml.hasNext()) {
			int event = xml.next();
			if (event == XMLStreamConstants.START_ELEMENT) {
				return true;
			}
			if (event == XMLStreamConstants.END_ELEMENT) {
				return false;
			}
		}
		return false;
	}

	/** The text of the current element, trimmed, whether it is CDATA or not; child elements are left out. */
	static String text(XMLStreamReader xml) throws XMLStreamException {
		StringBuilder text = new StringBuilder();
		int depth = 1;
		while (depth > 0) {
			int event = xml.next();
			switch (event) {
				case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
					if (depth == 1) {
						text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
					}
				}
				case XMLStreamConstants.START_ELEMENT -> depth++;
				case XMLStreamConstants.END_ELEMENT -> depth--;
				default -> {
				}
			}
		}
		return text.toString().strip();
	}

	/** Skips the current element and everything in it. */
	static void skip(XMLStreamReader xml) throws XMLStreamException {
		int depth = 1;
		while (depth > 0) {
			int event = xml.next();
			if (event == XMLStreamConstants.START_ELEMENT) {
				depth++;
			}
			else if (event == XMLStreamConstants.END_ELEMENT) {
				depth--;
			}
		}
	}

	static boolean noNamespace(XMLStreamReader xml) {
		String uri = xml.getNamespaceURI();
		return uri == null || uri.isEmpty();
	}

	/**
	 * Whether the current element is in a WXR namespace: versions 1.0 to 1.2 each have their own, over http
	 * or https, and some exporters write another minor version; the prefix is what the document declares.
	 */
	static boolean isWordPress(XMLStreamReader xml) {
		String uri = xml.getNamespaceURI();
		return uri != null && (uri.startsWith("http://wordpress.org/export/") || uri.startsWith("https://wordpress.org/export/"));
	}

}
