package io.readerpulse.database;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files that only their owner may read or write (mode 0600), replaced whole so that a crash leaves either
 * the old content or the new one, never half of it.
 */
final class PrivateFile {

	private static final Logger logger = LoggerFactory.getLogger(PrivateFile.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private PrivateFile() {
	}

	static void write(Path file, String content) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".new");
		// A previous run may have died between creating it and moving it into place.
		Files.deleteIfExists(temporary);
		try (FileChannel channel = FileChannel.open(temporary,
				EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
			ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
			// On disk before the rename, or a power cut could leave an empty file under the final name.
			channel.force(true);
		}
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * A copy, a restore from a backup or a careless chmod can widen the mode; the content is only safe while
	 * it is the owner's alone.
	 */
	static void restrict(Path file) throws IOException {
		if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
			logger.warn("{} could be read by other users; restricting it to its owner", file);
			Files.setPosixFilePermissions(file, OWNER_ONLY);
		}
	}

	private static FileAttribute<?>[] ownerOnly() {
		// Without POSIX permissions (Windows) a new file inherits the folder's access list, which for a user's
		// own folders is already private.
		return posix() ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) }
				: new FileAttribute<?>[0];
	}

	private static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

}
