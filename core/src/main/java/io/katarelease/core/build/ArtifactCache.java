package io.katarelease.core.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.katarelease.core.FileTrees;
import io.katarelease.core.files.AtomicFiles;
import io.katarelease.core.files.ScratchDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A local content-addressed store of build artefacts: {@code <dir>/<component>/<key>/} holds the
 * artefact and its {@code record.json}.
 *
 * <p>An entry appears by one atomic rename of a finished temporary directory, so a killed build
 * leaves none. Builds of one key take a lock (in this JVM and between processes), so the second
 * waits and then finds the first one's entry. Every hit checks the artefact's SHA-256 against its
 * record; a corrupted entry is removed and reported as a miss.
 */
final class ArtifactCache {
    static final String RECORD = "record.json";
    private static final String STORE_PREFIX = "store-";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;

    ArtifactCache(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** A verified entry. */
    record Hit(Path artifact, BuildRecord record) {}

    /** The outcome of a lookup that found an entry whose artefact does not match its record. */
    static final class Corrupted extends Exception {
        private static final long serialVersionUID = 1L;

        Corrupted(String message) {
            super(message);
        }
    }

    /** @return where an entry's record would be */
    Path entryRecord(String component, String key) {
        return entry(component, key).resolve(RECORD);
    }

    private Path entry(String component, String key) {
        return dir.resolve(component).resolve(key);
    }

    /**
     * @return the entry, when present and intact
     * @throws Corrupted when present but damaged; the entry is removed before this is thrown
     */
    Optional<Hit> lookup(String component, String key) throws IOException, Corrupted {
        Path entry = entry(component, key);
        Path recordFile = entry.resolve(RECORD);
        if (!Files.isRegularFile(recordFile)) {
            return Optional.empty();
        }
        BuildRecord record;
        try {
            record = readRecord(recordFile);
        } catch (IOException e) {
            evict(entry);
            throw new Corrupted("its record.json is unreadable (" + e.getClass().getSimpleName() + ")");
        }
        String file = record.artifact() == null ? null : record.artifact().file();
        String name = file == null || file.isEmpty() ? null : Path.of(file).getFileName().toString();
        if (name == null || name.startsWith(".") || record.artifact().sha256() == null
                || !key.equals(record.cacheKey())) {
            evict(entry);
            throw new Corrupted("its record.json lacks the artefact, its digest or the right key (damaged, or"
                    + " written by another version)");
        }
        Path artifact = entry.resolve(name);
        if (!Files.isRegularFile(artifact, LinkOption.NOFOLLOW_LINKS) || Files.size(artifact) != record.artifact().size()
                || !Digests.sha256OfRegular(artifact).equals(record.artifact().sha256())) {
            evict(entry);
            throw new Corrupted("its artefact does not match the SHA-256 in its record");
        }
        // The folder's time is the entry's last use: what `cache prune --unused-for` goes by.
        touch(entry);
        return Optional.of(new Hit(artifact, record));
    }

    /** @return an entry's record, read without following a link and at most 4 MiB of it */
    static BuildRecord readRecord(Path recordFile) throws IOException {
        try (InputStream in = AtomicFiles.openRegular(recordFile)) {
            return JSON.readValue(in.readNBytes(4 << 20), BuildRecord.class);
        }
    }

    /**
     * Stores a finished artefact. When another build stored the same key meanwhile, that entry is
     * kept and returned.
     */
    Hit store(String component, String key, Path artifact, BuildRecord record) throws IOException {
        return storeWritten(component, key, artifact.getFileName().toString(), record, stored -> {
            // The build's output is read without following a link (a link would cache a host
            // file), and its digest is taken on the copied bytes: a build process left running
            // cannot change what is cached after it was checked.
            MessageDigest md = Digests.newSha256();
            try (InputStream in = new DigestInputStream(AtomicFiles.openRegular(artifact), md)) {
                Files.copy(in, stored);
            }
            if (!Digests.hex(md).equals(record.artifact().sha256())) {
                throw new IOException(artifact + " changed while it was being cached; nothing was cached");
            }
        });
    }

    /** Writes an artefact into a file it is given, checking its bytes against the record's digest as it goes. */
    interface ArtifactWriter<E extends Exception> {
        void writeTo(Path file) throws E, IOException;
    }

    /**
     * Stores an artefact that {@code writer} writes straight into the new entry's scratch folder
     * (a download: no second copy of hundreds of MiB). The writer checks the digest; the entry
     * appears by one rename, or not at all.
     */
    <E extends Exception> Hit storeWritten(String component, String key, String fileName, BuildRecord record,
            ArtifactWriter<E> writer) throws IOException, E {
        Path tmpRoot = dir.resolve(".tmp");
        Files.createDirectories(dir.resolve(component));
        // A locked scratch folder: a build killed here leaves it to the next sweep at once.
        try (ScratchDirectory scratch = ScratchDirectory.create(tmpRoot, STORE_PREFIX)) {
            Path tmp = scratch.path();
            Path stored = tmp.resolve(fileName);
            writer.writeTo(stored);
            BuildRecord inCache = new BuildRecord(record.component(), record.version(), record.arch(),
                    record.cacheKey(), record.inputs(), record.command(), record.environment(), record.startedAt(),
                    record.durationMillis(), new BuildRecord.Artifact(fileName, record.artifact().size(),
                            record.artifact().sha256()), false);
            Files.write(tmp.resolve(RECORD), JSON.writeValueAsBytes(inCache));
            scratch.forget();
            Path entry = entry(component, key);
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another build stored the key meanwhile; the scratch folder goes on close.
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the build cache " + dir + " needs a file system with atomic renames", e);
            }
            return new Hit(entry.resolve(fileName), inCache);
        }
    }

    /** @return where builds make scratch directories (patch checks); swept with the rest */
    Path scratchParent() {
        return dir.resolve(".tmp");
    }

    /**
     * Removes leftovers of killed builds: scratch directories whose lock is free, and unfinished
     * entries older than a day.
     */
    void sweep() throws IOException {
        Path tmpRoot = dir.resolve(".tmp");
        if (!Files.isDirectory(tmpRoot)) {
            return;
        }
        ScratchDirectory.sweep(tmpRoot, PatchCheck.SCRATCH_PREFIX);
        ScratchDirectory.sweep(tmpRoot, STORE_PREFIX);
        long dayAgo = System.currentTimeMillis() - 24L * 3600 * 1000;
        try (Stream<Path> s = Files.list(tmpRoot)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().startsWith(PatchCheck.SCRATCH_PREFIX)
                    && !p.getFileName().toString().startsWith(STORE_PREFIX)).toList()) {
                if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < dayAgo) {
                    FileTrees.deleteTree(p);
                }
            }
        }
    }

    /** @return the cache's folder */
    Path dir() {
        return dir;
    }

    /** @return the folder of an entry (present or not) */
    Path entryDir(String component, String key) {
        return entry(component, key);
    }

    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // A read-only cache still serves hits; prune then goes by the entry's older time.
        }
    }

    /** Removes an entry as a damaged one is removed: one atomic rename out of sight, then deletion. */
    void remove(String component, String key) throws IOException {
        evict(entry(component, key));
    }

    private void evict(Path entry) throws IOException {
        Path tmpRoot = dir.resolve(".tmp");
        Files.createDirectories(tmpRoot);
        Path gone = tmpRoot.resolve("evicted-" + UUID.randomUUID());
        try {
            Files.move(entry, gone, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.exists(entry)) {
                throw e;
            }
            return;
        }
        FileTrees.deleteTree(gone);
    }

    /** @return the file whose OS lock holds a key's builds (its folder is made when missing) */
    private Path lockFile(String component, String key) throws IOException {
        Path locks = dir.resolve(".locks");
        Files.createDirectories(locks);
        return locks.resolve(component + "-" + key + ".lock");
    }

    /** Holds the build lock of one key, in this JVM and between processes. */
    Lock lock(String component, String key) throws IOException {
        Path file = lockFile(component, key);
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        jvm.lock();
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new Lock(jvm, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            jvm.unlock();
            throw e;
        }
    }

    /**
     * Takes the build lock of one key only when nobody holds it, without waiting.
     *
     * @return the lock, or empty when a build (in this JVM, this thread included, or another
     *     process) holds it
     */
    Optional<Lock> tryLock(String component, String key) throws IOException {
        Path file = lockFile(component, key);
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        if (!jvm.tryLock()) {
            return Optional.empty();
        }
        if (jvm.getHoldCount() > 1) { // reentered: this thread's own build holds it
            jvm.unlock();
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held = channel.tryLock();
            if (held == null) {
                channel.close();
                jvm.unlock();
                return Optional.empty();
            }
            return Optional.of(new Lock(jvm, channel, held));
        } catch (OverlappingFileLockException e) {
            channel.close();
            jvm.unlock();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            jvm.unlock();
            throw e;
        }
    }

    /** A held build lock. */
    static final class Lock implements AutoCloseable {
        private final ReentrantLock jvm;
        private final FileChannel channel;
        private final FileLock file;

        Lock(ReentrantLock jvm, FileChannel channel, FileLock file) {
            this.jvm = jvm;
            this.channel = channel;
            this.file = file;
        }

        @Override
        public void close() throws IOException {
            try {
                file.release();
                channel.close();
            } finally {
                jvm.unlock();
            }
        }
    }
}
