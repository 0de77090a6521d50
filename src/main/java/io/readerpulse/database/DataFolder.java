package io.readerpulse.database;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's data folder: whether a live service is using it, and what a killed one left behind.
 */
final class DataFolder {

	private static final Logger logger = LoggerFactory.getLogger(DataFolder.class);

	// The embedded library holds a lock on this file for as long as its server runs.
	private static final String LOCK_FILE = "epg-lock";

	private static final String PID_FILE = "postmaster.pid";

	private static final Duration ORPHAN_SHUTDOWN = Duration.ofSeconds(20);

	private DataFolder() {
	}

	static void ensureNotInUse(Path directory) {
		Path lockFile = directory.resolve(LOCK_FILE);
		boolean locked;
		try {
			Files.createDirectories(directory);
			if (!Files.exists(lockFile)) {
				return;
			}
			try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
					FileLock lock = file.getChannel().tryLock()) {
				locked = (lock == null);
			}
			catch (OverlappingFileLockException ex) {
				locked = true;
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("The data folder " + directory + " cannot be used: " + ex.getMessage(), ex);
		}
		if (locked) {
			throw new IllegalStateException("The data folder " + directory
					+ " is in use by another running Reader Pulse. Give each instance its own PULSE_DATA_DIR, "
					+ "or run several instances against one PostgreSQL with PULSE_DATABASE_URL.");
		}
	}

	/**
	 * A killed JVM leaves its postmaster running (it was started detached by pg_ctl) or leaves a stale pid
	 * file behind. Nobody holds the folder's lock any more, so whatever runs there is ours to stop.
	 */
	static void stopOrphanedServer(Path directory) throws IOException {
		Path pidFile = directory.resolve(PID_FILE);
		if (!Files.exists(pidFile)) {
			return;
		}
		Optional<ProcessHandle> postmaster = readPid(pidFile).flatMap(ProcessHandle::of)
			.filter(ProcessHandle::isAlive)
			.filter(DataFolder::isPostgres);
		if (postmaster.isPresent()) {
			ProcessHandle process = postmaster.get();
			logger.warn("Stopping the PostgreSQL server (pid {}) that a previous run left running in {}",
					process.pid(), directory);
			process.destroy();
			if (!awaitExit(process)) {
				logger.warn("PostgreSQL (pid {}) did not stop within {}s; killing it, it will recover on start",
						process.pid(), ORPHAN_SHUTDOWN.toSeconds());
				process.destroyForcibly();
				awaitExit(process);
			}
		}
		else {
			logger.info("Removing a stale {} left by a server that is no longer running", PID_FILE);
		}
		Files.deleteIfExists(pidFile);
	}

	private static Optional<Long> readPid(Path pidFile) throws IOException {
		List<String> lines = Files.readAllLines(pidFile);
		try {
			return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private static boolean isPostgres(ProcessHandle process) {
		// When the command is hidden from us (another user's process) assume it is the server: the pid
		// file says so, and a reused pid of a foreign process could not be signalled anyway.
		return process.info().command().map((command) -> command.endsWith("postgres")).orElse(true);
	}

	private static boolean awaitExit(ProcessHandle process) {
		try {
			process.onExit().get(ORPHAN_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return !process.isAlive();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
