package io.katarelease.core.git;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.files.DirectoryLock;
import io.katarelease.core.files.StateBusyException;
import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.text.MessageFormat;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.internal.JGitText;

/**
 * A persistent bare repository that holds what the engine fetched from upstream and the fork.
 *
 * <p>One cache exists per (upstream, fork) pair under the work directory, so a second run
 * fetches only new objects. A file lock keeps two runs from using the same cache at once; the
 * second waits. No remote is stored in the cache's config: URLs and credentials live only in
 * memory for the run.
 */
public final class CacheRepository implements AutoCloseable {
    /** Network timeout for one transport operation, in seconds. */
    static final int TIMEOUT_SECONDS = 600;

    private final Repository repository;
    private final DirectoryLock lock;

    private CacheRepository(Repository repository, DirectoryLock lock) {
        this.repository = repository;
        this.lock = lock;
    }

    /**
     * Opens (creating when missing) the cache for a set of remotes and locks it for this run.
     *
     * @param workDir the directory that holds all caches
     * @param remotes the remotes whose objects the cache holds (upstream and fork for a sync)
     * @param progress told when the run has to wait for another run's lock
     */
    public static CacheRepository open(Path workDir, List<Remote> remotes, Progress progress)
            throws IOException, StateBusyException {
        return open(workDir, remotes, progress, Duration.ZERO);
    }

    /**
     * Opens (creating when missing) the cache for a set of remotes and locks it for this run,
     * waiting up to {@code lockWait} for another run that holds it.
     *
     * @throws StateBusyException when another run still holds it then (its pid, host and start named)
     */
    public static CacheRepository open(Path workDir, List<Remote> remotes, Progress progress, Duration lockWait)
            throws IOException, StateBusyException {
        NoGitProgram.install();
        Path dir = workDir.resolve("repos").resolve(cacheName(remotes));
        DirectoryLock lock = DirectoryLock.acquire(dir, "kata-release.lock", "using the git cache for "
                + String.join(" and ", remotes.stream().map(Remote::displayUrl).toList()), lockWait, progress);
        try {
            Repository repo = new FileRepository(dir.toFile());
            if (!Files.exists(dir.resolve("HEAD"))) {
                repo.create(true);
                StoredConfig config = repo.getConfig();
                // Never collect objects a run may still need; the engine prunes nothing itself.
                config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, "auto", false);
                config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, "auto", 0);
                config.save();
            }
            return new CacheRepository(repo, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The cache's directory name: readable path parts plus a hash of the URLs. */
    static String cacheName(List<Remote> remotes) {
        String readable = String.join("--", remotes.stream().map(CacheRepository::lastPathSegment).toList())
                .replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(String.join("\n", remotes.stream().map(Remote::displayUrl).toList())
                    .getBytes(StandardCharsets.UTF_8));
            return readable + "-" + HexFormat.of().formatHex(digest, 0, 6) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String lastPathSegment(Remote remote) {
        String path = remote.uri().getPath() == null ? "" : remote.uri().getPath();
        path = path.replaceAll("/+$", "").replaceAll("\\.git$", "");
        int slash = path.lastIndexOf('/');
        String last = slash >= 0 ? path.substring(slash + 1) : path;
        return last.isEmpty() ? "repo" : last;
    }

    /** @return the cache repository (bare) */
    public Repository repository() {
        return repository;
    }

    /**
     * Fetches exactly the given refspecs (no tag following) into the cache.
     *
     * @throws MissingRemoteRefException when the remote lacks a ref a refspec names
     */
    public FetchResult fetch(Remote remote, Collection<RefSpec> specs, Progress progress)
            throws ReleaseException, MissingRemoteRefException {
        try (Transport transport = remote.open(repository, TIMEOUT_SECONDS)) {
            transport.setTagOpt(TagOpt.NO_TAGS);
            return transport.fetch(progress.transfer(), specs);
        } catch (TransportException e) {
            for (RefSpec spec : specs) {
                if (e.getMessage() != null && e.getMessage().contains(
                        MessageFormat.format(JGitText.get().remoteDoesNotHaveSpec, spec.getSource()))) {
                    throw new MissingRemoteRefException(spec.getSource());
                }
            }
            throw remote.translate(e);
        } catch (NotSupportedException e) {
            throw remote.translate(new TransportException(e.getMessage(), e));
        }
    }

    /**
     * Pushes ref updates to the remote.
     *
     * @param atomic ask the server to apply all updates or none
     * @return the push result
     * @throws AtomicPushUnsupportedException when {@code atomic} is set and the server cannot do it
     */
    public PushResult push(Remote remote, List<RemoteRefUpdate> updates, boolean atomic, Progress progress)
            throws ReleaseException, AtomicPushUnsupportedException {
        try (Transport transport = remote.open(repository, TIMEOUT_SECONDS)) {
            transport.setPushAtomic(atomic);
            return transport.push(progress.transfer(), updates);
        } catch (TransportException e) {
            // JGit prefixes the URI: "<uri>: Atomic push not supported."
            if (atomic && e.getMessage() != null
                    && e.getMessage().endsWith(JGitText.get().atomicPushNotSupported)) {
                throw new AtomicPushUnsupportedException();
            }
            throw remote.translate(e);
        } catch (NotSupportedException e) {
            throw remote.translate(new TransportException(e.getMessage(), e));
        }
    }

    /** The remote has no ref of the given name (the message is the ref name). */
    public static final class MissingRemoteRefException extends Exception {
        private static final long serialVersionUID = 1L;

        MissingRemoteRefException(String ref) {
            super(ref);
        }
    }

    /** The server does not advertise the {@code atomic} push capability. */
    public static final class AtomicPushUnsupportedException extends Exception {
        private static final long serialVersionUID = 1L;

        AtomicPushUnsupportedException() {
            super("the server does not support atomic push");
        }
    }

    @Override
    public void close() {
        repository.close();
        try {
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
