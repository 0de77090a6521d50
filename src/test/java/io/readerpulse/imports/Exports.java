package io.readerpulse.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * The test exports in {@code src/test/resources/imports}, with {@code RUN} replaced so that each run has its
 * own site and stories in the shared test database.
 */
final class Exports {

	private Exports() {
	}

	static String text(String name, String run) {
		try (InputStream input = Exports.class.getResourceAsStream("/imports/" + name)) {
			return new String(input.readAllBytes(), StandardCharsets.UTF_8).replace("RUN", run);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static byte[] gzip(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			gzip.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

}
