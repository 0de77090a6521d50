package io.readerpulse.imports;

import java.io.InputStream;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The systems whose exports can be imported.
 */
enum ImportSource {

	WORDPRESS("wordpress"), DISQUS("disqus");

	private final String id;

	ImportSource(String id) {
		this.id = id;
	}

	/** The source as the report and the idempotency keys name it. */
	String id() {
		return this.id;
	}

	ExportReader reader(InputStream input, ImportTally tally) throws XMLStreamException {
		XMLStreamReader xml = SecureXml.open(input);
		return (this == WORDPRESS) ? new WxrReader(xml, tally) : new DisqusReader(xml, tally);
	}

}
