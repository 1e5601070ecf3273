package io.katarelease.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Files written whole or not at all, and never through a link: the bytes go to a fresh temporary
 * file in the target's directory, created exclusively ({@code O_CREAT|O_EXCL}, so a link planted
 * under that name is an error, not a way out) and locked while it is written; then it is flushed
 * to disk and renamed over the target. A rename replaces a link at the target instead of writing
 * through it, so an existing {@code SHA256SUMS} or asset that is a link cannot redirect the write.
 *
 * <p>A killed writer leaves its {@code .<name>.<random>.part} behind; {@link #sweep} removes the
 * ones whose lock nobody holds (the OS drops a dead process's locks, so a live writer's file is
 * never taken and a reused pid cannot fool it).
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String SUFFIX = ".part";
    /**
     * The temporary files this JVM is writing. A sweep skips them without opening them: POSIX
     * drops a process's lock on a file when the process closes any descriptor of it, so probing
     * one's own file would unlock it.
     */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {}

    /** Writes the content a callback produces. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with {@code text} in UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code target} with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        try (Pending pending = create(target)) {
            content.writeTo(pending.stream());
            pending.commit();
        }
    }

    /**
     * Replaces {@code target} with a copy of {@code source}, which must be a regular file and is
     * opened without following a link (a link is refused with {@link FileSystemException}).
     */
    public static void copy(Path source, Path target) throws IOException {
        try (InputStream in = openRegular(source)) {
            write(target, in::transferTo);
        }
    }

    /**
     * Opens a regular file for reading in one operation that refuses a link at its last component;
     * the opened file is then checked to be regular (not a FIFO or device), on the descriptor.
     */
    public static InputStream openRegular(Path file) throws IOException {
        // Checked first so that a FIFO is never opened (the open would block); the open itself
        // refuses a link (O_NOFOLLOW), so a swap after the check cannot lead out of the tree.
        checkRegular(file);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(file)) {
                throw linkRefused(file);
            }
            throw e;
        }
        return Channels.newInputStream(ch);
    }

    /** Refuses a link, directory, FIFO, socket or device at {@code file}, naming what it is. */
    public static void checkRegular(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            throw linkRefused(file);
        }
        if (!a.isRegularFile()) {
            throw new FileSystemException(file.toString(), null, "is not a regular file ("
                    + (a.isDirectory() ? "a directory" : "a FIFO, socket or device") + "); refused");
        }
    }

    private static FileSystemException linkRefused(Path file) {
        String to;
        try {
            to = " (to " + Files.readSymbolicLink(file) + ")";
        } catch (IOException e) {
            to = "";
        }
        return new FileSystemException(file.toString(), null, "is a symbolic link" + to + "; refused, not followed");
    }

    /**
     * Starts replacing {@code target}: write to {@link Pending#stream()}, then
     * {@link Pending#commit()}; closing without a commit deletes the temporary file.
     */
    public static Pending create(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[6];
            RANDOM.nextBytes(random);
            Path tmp = dir.resolve(tempName(name, HexFormat.of().formatHex(random)));
            // Registered before it exists, so that no sweep in this JVM ever probes it.
            WRITING.add(tmp.toAbsolutePath().normalize());
            try {
                FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
                try {
                    return new Pending(target, tmp, channel, channel.lock());
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    Files.deleteIfExists(tmp);
                    throw e;
                }
            } catch (java.nio.file.FileAlreadyExistsException e) {
                WRITING.remove(tmp.toAbsolutePath().normalize());
                if (attempt > 8) {
                    throw e;
                }
            } catch (IOException e) {
                WRITING.remove(tmp.toAbsolutePath().normalize());
                throw Faults.withPath(e, tmp);
            } catch (RuntimeException e) {
                WRITING.remove(tmp.toAbsolutePath().normalize());
                throw e;
            }
        }
    }

    static String tempName(String name, String random) {
        // Keep the name within NAME_MAX: the random part and the suffix always fit.
        String base = name.length() > 200 ? name.substring(0, 200) : name;
        return "." + base + "." + random + SUFFIX;
    }

    /**
     * Deletes leftovers of killed writers in {@code dir}: {@code .*.part} files (or links) whose
     * lock nobody holds. Safe while other processes write there.
     *
     * @return how many were removed
     */
    public static int sweep(Path dir) throws IOException {
        return sweep(dir, AtomicFiles::isTemporary);
    }

    /**
     * As {@link #sweep(Path)}, for a folder kata-release shares with other programs (a user's
     * output folder, kata's build folder): only the temporary files of the given target names.
     */
    public static int sweep(Path dir, java.util.Collection<String> names) throws IOException {
        return sweep(dir, p -> isTemporary(p) && names.stream().anyMatch(n -> p.getFileName().toString()
                .startsWith("." + (n.length() > 200 ? n.substring(0, 200) : n) + ".")));
    }

    private static int sweep(Path dir, java.util.function.Predicate<Path> which) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(which).toList()) {
                if (WRITING.contains(p.toAbsolutePath().normalize())) {
                    continue;
                }
                if (Files.isSymbolicLink(p) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                    removed++;
                } else if (FileLocks.isFree(p)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        } catch (NoSuchFileException e) {
            return removed;
        }
        return removed;
    }

    static boolean isTemporary(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith(".") && n.endsWith(SUFFIX);
    }

    /** A replacement being written. */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final FileChannel channel;
        private final FileLock lock;
        private final OutputStream stream;
        private boolean committed;

        private Pending(Path target, Path tmp, FileChannel channel, FileLock lock) {
            this.target = target;
            this.tmp = tmp;
            this.channel = channel;
            this.lock = lock;
            OutputStream raw = Channels.newOutputStream(channel);
            this.stream = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        raw.write(b, off, len);
                    } catch (IOException e) {
                        throw Faults.withPath(e, tmp);
                    }
                }

                @Override
                public void close() {
                    // the channel is closed by the Pending
                }
            };
        }

        /** @return the temporary file (for messages) */
        public Path temporary() {
            return tmp;
        }

        /** @return where to write; closing it does nothing */
        public OutputStream stream() {
            return stream;
        }

        /** Flushes the file to disk and renames it over the target. */
        public void commit() throws IOException {
            try {
                channel.force(true);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw Faults.withPath(e, target);
            }
            committed = true;
        }

        @Override
        public void close() throws IOException {
            try {
                FileLocks.release(lock, channel);
            } finally {
                try {
                    if (!committed) {
                        Files.deleteIfExists(tmp);
                    }
                } finally {
                    WRITING.remove(tmp.toAbsolutePath().normalize());
                }
            }
        }
    }
}
