package io.katarelease.core.files;

import io.katarelease.core.FileTrees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A temporary directory inside a directory the run owns (never the system temp dir), holding a
 * lock while in use. Closing deletes it; a killed run leaves it, and the next run's
 * {@link #sweep} removes every one whose lock is free (the OS drops a dead process's locks, so a
 * directory in use by a live run is never taken, whatever its age or pid).
 */
public final class ScratchDirectory implements AutoCloseable {
    private static final String LOCK = ".in-use";
    /** This JVM's live scratch directories; a sweep leaves them unprobed (see AtomicFiles.WRITING). */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private ScratchDirectory(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates {@code <parent>/<prefix><random>} (parent created when missing), locked. */
    public static ScratchDirectory create(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, prefix);
        LIVE.add(dir.toAbsolutePath().normalize()); // before its lock exists: a sweep must not take it
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            return new ScratchDirectory(dir, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            FileTrees.deleteTree(dir);
            LIVE.remove(dir.toAbsolutePath().normalize());
            throw e;
        }
    }

    /**
     * Removes the lock file, so that the directory can be renamed into place as it is; it stays
     * locked (the open file keeps the lock) and a sweep leaves a lock-less directory alone for a
     * minute.
     */
    public void forget() throws IOException {
        Files.deleteIfExists(dir.resolve(LOCK));
    }

    /** @return the directory */
    public Path path() {
        return dir;
    }

    /**
     * Removes leftovers {@code <parent>/<prefix>*} of killed runs: directories whose lock is free
     * (or that have none: a kill between the directory and its lock).
     *
     * @return how many were removed
     */
    public static int sweep(Path parent, String prefix) throws IOException {
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                if (LIVE.contains(p.toAbsolutePath().normalize())) {
                    continue;
                }
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || free(p.resolve(LOCK))) {
                    FileTrees.deleteTree(p);
                    removed++;
                }
            }
        } catch (NoSuchFileException e) {
            return removed;
        }
        return removed;
    }

    private static boolean free(Path lockFile) throws IOException {
        if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            // Either killed before its lock existed, or being created this instant: a fresh one
            // (under a minute old) is left for its owner.
            return System.currentTimeMillis() - Files.getLastModifiedTime(lockFile.getParent(),
                    LinkOption.NOFOLLOW_LINKS).toMillis() > 60_000;
        }
        try {
            return FileLocks.isFree(lockFile);
        } catch (java.nio.file.FileSystemException e) {
            return true; // not a lock file we made (a link, say): the directory is not in use by us
        }
    }

    @Override
    public void close() throws IOException {
        try {
            FileLocks.release(lock, channel);
        } finally {
            try {
                FileTrees.deleteTree(dir);
            } finally {
                LIVE.remove(dir.toAbsolutePath().normalize());
            }
        }
    }
}
