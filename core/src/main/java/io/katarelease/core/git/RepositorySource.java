package io.katarelease.core.git;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FS;

/**
 * A repository to read refs from, named by a local path (a clone, a work tree or a bare
 * repository: read in place) or by a URL (the named branches and tags are fetched into a cache
 * under the work directory, under their own names).
 */
public final class RepositorySource implements AutoCloseable {
    private final Repository repository;
    private final CacheRepository cache;

    private RepositorySource(Repository repository, CacheRepository cache) {
        this.repository = repository;
        this.cache = cache;
    }

    /**
     * @param pathOrUrl a local repository path, or a URL
     * @param refs the branches or tags to make available (a URL needs names, not commit ids)
     * @param workDir the cache directory for URLs; null for the default of {@code sync}
     * @param token the HTTPS token for URLs, or null
     */
    public static RepositorySource open(String pathOrUrl, Collection<String> refs, Path workDir, Secret token,
            Progress progress) throws ReleaseException, IOException {
        NoGitProgram.install();
        Path local = pathOrUrl.contains("://") ? null : Path.of(pathOrUrl);
        if (local != null && Files.isDirectory(local)) {
            java.io.File gitDir = RepositoryCache.FileKey.resolve(local.toFile(), FS.DETECTED);
            if (gitDir == null) {
                throw new NotFoundException(Texts.quote(pathOrUrl) + " is a directory but not a git repository");
            }
            return new RepositorySource(RepositoryCache.FileKey.exact(gitDir, FS.DETECTED).open(true), null);
        }
        if (local != null && !pathOrUrl.contains(":")) {
            throw new NotFoundException("no repository at " + Texts.quote(pathOrUrl));
        }
        Remote remote = Remote.of("repository", pathOrUrl, token);
        CacheRepository cache = CacheRepository.open(
                workDir == null ? io.katarelease.core.sync.SyncCommand.defaultWorkDir() : workDir, List.of(remote), progress);
        try {
            progress.step("listing refs of " + remote.displayUrl());
            Map<String, Ref> advertised = remote.listRefs();
            List<RefSpec> specs = new ArrayList<>();
            for (String ref : refs) {
                String name = remoteName(ref, advertised);
                specs.add(new RefSpec("+" + name + ":" + name));
            }
            progress.step("fetching " + String.join(", ", refs));
            try {
                cache.fetch(remote, specs, progress);
            } catch (CacheRepository.MissingRemoteRefException e) {
                throw new NotFoundException(remote.displayUrl() + " lost " + e.getMessage() + " while it was fetched");
            }
            return new RepositorySource(cache.repository(), cache);
        } catch (ReleaseException | RuntimeException e) {
            cache.close();
            throw e;
        }
    }

    /** Opens a repository for a ref and, when not null, a base ref to compare it with. */
    public static RepositorySource open(String pathOrUrl, String ref, String baseRef, Path workDir, Secret token,
            Progress progress) throws ReleaseException, IOException {
        return open(pathOrUrl, baseRef == null ? List.of(ref) : List.of(ref, baseRef), workDir, token, progress);
    }

    private static String remoteName(String ref, Map<String, Ref> advertised) throws ReleaseException {
        if (ref.matches("[0-9a-f]{7,40}")) {
            throw new InvalidInputException("commit id " + Texts.quote(ref) + " cannot be fetched by name from a URL;"
                    + " give a branch or tag, or a local clone as the repository", Setting.REPOSITORY);
        }
        RefNames.checkName("the ref", ref.startsWith("refs/") ? ref.substring(5) : ref, "x");
        for (String candidate : List.of(ref, Constants.R_HEADS + ref, Constants.R_TAGS + ref)) {
            if (advertised.containsKey(candidate) && candidate.startsWith("refs/")) {
                return candidate;
            }
        }
        throw new NotFoundException("the remote has no branch or tag " + Texts.quote(ref));
    }

    /** @return the repository holding the refs */
    public Repository repository() {
        return repository;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        } else {
            repository.close();
        }
    }
}
