package io.katarelease.core.build;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.sync.SyncCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What the {@code cache} commands share: the two levels of the build cache and the release state
 * whose ledgers tell which releases used a key. Each command is used once: configure, then
 * {@link #call()}.
 *
 * @param <C> the command itself, so setters chain
 * @param <T> its result
 */
public abstract class CacheCommand<C extends CacheCommand<C, T>, T> {
    private Path cacheDir;
    private Path stateDir;
    private RegistryCache remoteCache;
    private Clock clock = Clock.systemUTC();

    CacheCommand() {}

    /** The local cache. The default is {@code $XDG_CACHE_HOME/kata-release/builds}, as builds use. */
    public C setCacheDir(Path cacheDir) {
        this.cacheDir = cacheDir;
        return self();
    }

    /** The release state whose ledgers name the releases of each key. The default is {@code <work dir>/state}. */
    public C setStateDir(Path stateDir) {
        this.stateDir = stateDir;
        return self();
    }

    /** The remote cache (a registry repository). Optional: without it only the local level is read. */
    public C setRemoteCache(RegistryCache remoteCache) {
        this.remoteCache = remoteCache;
        return self();
    }

    /** The clock ages are measured by. The default is the system's. */
    public C setClock(Clock clock) {
        this.clock = clock;
        return self();
    }

    @SuppressWarnings("unchecked")
    private C self() {
        return (C) this;
    }

    /** Runs the command; an I/O fault of the local file system is thrown unchecked, with its path. */
    public T call() throws ReleaseException {
        try {
            return run();
        } catch (IOException e) {
            throw new UncheckedIOException("the build cache could not be read or changed: " + e.getMessage(), e);
        }
    }

    abstract T run() throws ReleaseException, IOException;

    ArtifactCache local() {
        return new ArtifactCache(cacheDir == null ? BuildCommand.defaultCacheDir() : cacheDir);
    }

    /** @return the remote cache, or null */
    RegistryCache remote() {
        return remoteCache;
    }

    Clock clock() {
        return clock;
    }

    Map<String, CacheLevels.Usage> usage(List<String> warnings) throws IOException {
        return CacheLevels.usage(stateDir == null ? SyncCommand.defaultWorkDir().resolve("state") : stateDir, warnings);
    }
}
