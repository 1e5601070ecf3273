package io.katarelease.core.files;

import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * An OS lock ({@code fcntl}) on {@code <dir>/.kata-release.lock}, held for a whole run: a second
 * run on the same directory stops at once, naming the holder, and changes nothing. The OS drops
 * the lock when the holder dies, however it dies, so there is no stale lock to clean up and no
 * pid to trust (a reused pid cannot look alive). The holder's pid, host, start time and purpose
 * are written into the file, for the message only.
 */
public final class DirectoryLock implements AutoCloseable {
    static final String FILE = ".kata-release.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code dir} (created when missing) or fails at once.
     *
     * @param purpose what this run does there, told to a second run (e.g. "release 3.9.0")
     * @throws StateBusyException when another run (in any process, or in this one) holds it
     */
    public static DirectoryLock acquire(Path dir, String purpose) throws IOException, StateBusyException {
        return acquire(dir, FILE, purpose, Duration.ZERO, Progress.none(), false);
    }

    /**
     * Takes the lock file {@code <dir>/<name>}, waiting for another run up to {@code wait}.
     *
     * @param wait how long to wait, from the {@link Setting#LOCK_TIMEOUT}; a busy message points to that setting
     * @param progress told once that this run waits, and for whom
     * @throws StateBusyException when another run still holds it after {@code wait}
     */
    public static DirectoryLock acquire(Path dir, String name, String purpose, Duration wait, Progress progress)
            throws IOException, StateBusyException {
        return acquire(dir, name, purpose, wait, progress, true);
    }

    /** @param mayWait whether the caller has a lock timeout: then a busy message points to it */
    private static DirectoryLock acquire(Path dir, String name, String purpose, Duration wait, Progress progress,
            boolean mayWait) throws IOException, StateBusyException {
        Files.createDirectories(dir);
        FileChannel channel = open(dir.resolve(name));
        FileLock lock;
        try {
            lock = waitForLock(channel, dir, wait, progress);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holderOnceWritten(channel);
            channel.close();
            throw busy(dir, holder, mayWait);
        }
        try {
            byte[] who = holderLine(purpose).getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(who), 0);
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new DirectoryLock(channel, lock);
    }

    /** Opens (or creates) the lock file, never through a link. */
    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(file)) {
                throw new FileSystemException(file.toString(), null, "is a symbolic link; refused. Remove it and"
                        + " run again");
            }
            throw e;
        }
    }

    /** @return the lock, or null when another run still holds it after {@code wait} */
    private static FileLock waitForLock(FileChannel channel, Path dir, Duration wait, Progress progress)
            throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        FileLock lock;
        try {
            while ((lock = tryLock(channel)) == null && System.nanoTime() < deadline) {
                if (!told) {
                    String holder = readHolder(channel);
                    progress.step("waiting up to " + wait.toSeconds() + " s for another kata-release run that holds "
                            + dir + (holder.isEmpty() ? "" : " (" + holder + ")"));
                    told = true;
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the lock on " + dir, e);
        }
        return lock;
    }

    /** @return who holds the lock; the holder writes its line just after it takes the lock: give it that moment */
    private static String holderOnceWritten(FileChannel channel) {
        String holder = readHolder(channel);
        for (int i = 0; i < 20 && holder.isEmpty(); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            holder = readHolder(channel);
        }
        return holder;
    }

    /** @param mayWait whether the caller could wait: then the message points to the lock timeout */
    private static StateBusyException busy(Path dir, String holder, boolean mayWait) {
        String text = "another kata-release run holds " + dir + (holder.isEmpty() ? "" : " (" + holder + ")")
                + "; nothing was changed. Wait for it to finish or stop it (its lock ends with the process)";
        return mayWait
                ? new StateBusyException(text + ", or give a lock timeout to wait for it", holder, Setting.LOCK_TIMEOUT)
                : new StateBusyException(text, holder);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held in this JVM
        }
    }

    private static String holderLine(String purpose) {
        String host;
        try {
            // Not InetAddress.getLocalHost(): it may wait on DNS.
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            host = "unknown host";
        }
        Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", started " + started + ", "
                + purpose + "\n";
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(512);
            channel.read(buf, 0);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            // The file is ours, but anyone could have written it: quote it, never print it raw.
            return text.isEmpty() ? "" : Texts.quote(text).replaceAll("^'|'$", "");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        FileLocks.release(lock, channel);
    }
}
