package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jenkinsci.remoting.RoleChecker;
import org.jenkinsci.remoting.RoleSensitive;

/**
 * STAND-IN for jenkins-core's {@code hudson.FilePath}: a path on the controller or on an agent.
 * Core sends each operation over the channel; the stand-in performs operations locally and sends
 * only {@link #act(FileCallable)} through a non-null channel (tests use one that serialises the
 * callable, as remoting would).
 *
 * <p>Simplifications: core declares {@code FilePath implements org.jenkinsci.remoting.SerializableOnlyOverRemoting}
 * (which extends {@link Serializable}); the stand-in implements {@link Serializable} directly. Core
 * normalises the path and, for a local path, {@link #getChannel()} returns {@code FilePath.localChannel}
 * and {@link #act(FileCallable)} passes that channel to the callable; the stand-in keeps the path as
 * given and uses {@code null} there.
 */
public final class FilePath implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient VirtualChannel channel;
    private final String remote;

    public FilePath(@CheckForNull VirtualChannel channel, @NonNull String remote) {
        this.channel = channel;
        this.remote = remote;
    }

    public FilePath(@NonNull File localPath) {
        this((VirtualChannel) null, localPath.getPath());
    }

    public FilePath(@NonNull FilePath base, @NonNull String rel) {
        this(base.channel, new File(base.remote, rel).getPath());
    }

    public String getRemote() {
        return remote;
    }

    public VirtualChannel getChannel() {
        return channel;
    }

    public String getName() {
        return new File(remote).getName();
    }

    @CheckForNull
    public FilePath getParent() {
        String parent = new File(remote).getParent();
        return parent == null ? null : new FilePath(channel, parent);
    }

    @NonNull
    public FilePath child(String relOrAbsolute) {
        File f = new File(relOrAbsolute);
        return new FilePath(channel, f.isAbsolute() ? f.getPath() : new File(remote, relOrAbsolute).getPath());
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        if (channel == null) {
            return callable.invoke(new File(remote), null);
        }
        return channel.call(new FileCallableWrapper<>(callable, remote));
    }

    public boolean exists() throws IOException, InterruptedException {
        return new File(remote).exists();
    }

    public void mkdirs() throws IOException, InterruptedException {
        Files.createDirectories(new File(remote).toPath());
    }

    /** Deletes this file or empty directory; false when there was nothing to delete. */
    public boolean delete() throws IOException, InterruptedException {
        return Files.deleteIfExists(new File(remote).toPath());
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        File f = new File(remote);
        if (!f.exists()) {
            return;
        }
        try (Stream<java.nio.file.Path> walk = Files.walk(f.toPath())) {
            for (java.nio.file.Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** As in core (through {@code write()}): creates missing parent directories, replaces the file. */
    public void copyFrom(InputStream in) throws IOException, InterruptedException {
        File f = new File(remote).getAbsoluteFile();
        Files.createDirectories(f.getParentFile().toPath());
        Files.copy(in, f.toPath(), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * As in core: both paths must be on the same host, and the move does not replace an existing
     * target (core calls {@code Files.move(from, to, LinkOption.NOFOLLOW_LINKS)}, which throws
     * {@link java.nio.file.FileAlreadyExistsException} if {@code target} exists).
     */
    public void renameTo(final FilePath target) throws IOException, InterruptedException {
        if (this.channel != target.channel) {
            throw new IOException("renameTo target must be on the same host");
        }
        Files.move(new File(remote).toPath(), new File(target.remote).toPath(), LinkOption.NOFOLLOW_LINKS);
    }

    @Deprecated
    @Override
    public String toString() {
        return remote;
    }

    /** STAND-IN for {@code hudson.FilePath.FileCallable}: code run where the file is. */
    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    /** How a callable travels: core has a private class of the same role. */
    private static final class FileCallableWrapper<T> implements hudson.remoting.Callable<T, IOException> {
        private static final long serialVersionUID = 1L;
        private final FileCallable<T> callable;
        private final String remote;

        FileCallableWrapper(FileCallable<T> callable, String remote) {
            this.callable = callable;
            this.remote = remote;
        }

        @Override
        public T call() throws IOException {
            try {
                return callable.invoke(new File(remote), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void checkRoles(RoleChecker checker) throws SecurityException {
            callable.checkRoles(checker);
        }
    }
}
