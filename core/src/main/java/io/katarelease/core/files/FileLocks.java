package io.katarelease.core.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two things every lock here does: probe whether a file's lock is free, and give one up.
 * Locks are POSIX record locks ({@code fcntl}), which the OS drops with their process.
 */
final class FileLocks {
    private FileLocks() {}

    /**
     * @return whether nobody holds {@code file}'s lock (false when it is gone). Never call it on a
     *     file this JVM holds: closing the probe's descriptor would drop that lock (POSIX).
     * @throws FileSystemException when the file cannot be opened as a plain file (a link, say)
     */
    static boolean isFree(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // held in this JVM
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Releases the lock (when still valid) and closes its channel. */
    static void release(FileLock lock, FileChannel channel) throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
