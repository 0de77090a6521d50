package io.readerpulse.imports;

import java.io.InputStream;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX readers for files nobody here wrote: no DTD (so no entity can be declared, which rules out both XXE
 * and billion laughs), no external entities, and the JDK's limits on whatever expansion remains.
 */
final class SecureXml {

	private static final XMLInputFactory FACTORY = factory();

	private SecureXml() {
	}

	static XMLStreamReader open(InputStream input) throws XMLStreamException {
		return FACTORY.createXMLStreamReader(input);
	}

	private static XMLInputFactory factory() {
		XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
		// Text arrives whole (CDATA and entities joined), so values need no stitching.
		factory.setProperty(XMLInputFactory.IS_COALESCING, true);
		factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
		return factory;
	}

}
