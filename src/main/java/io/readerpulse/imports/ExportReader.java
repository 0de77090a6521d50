package io.readerpulse.imports;

import javax.xml.stream.XMLStreamException;

import org.jspecify.annotations.Nullable;

/**
 * Reads an export a batch at a time, on a thread that may block.
 */
interface ExportReader {

	/** Comments per batch: large enough to make a statement worth its round trip, small enough to hold. */
	int BATCH = 2_000;

	/**
	 * The next batch.
	 * @return the batch, or {@code null} at the end of the file
	 * @throws XMLStreamException if the file is not well-formed
	 * @throws ImportRejectedException if it is not an export of the expected kind
	 */
	@Nullable ImportBatch next() throws XMLStreamException;

}
