package io.katarelease.core.sync;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.git.CacheRepository;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.git.Remote;
import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Reads the fork and upstream into the cache: upstream's branch and tag, the fork's branches,
 * its copy of the upstream tag and its release tags. Single use: create, {@link #call()}.
 */
final class SnapshotReader {
    private final CacheRepository cache;
    private final Remote upstream;
    private final Remote fork;
    private final SyncNames names;
    private final Pattern pattern;
    private final String tagPattern;
    private final Progress progress;

    /**
     * @param pattern the compiled {@code tagPattern}
     * @param tagPattern as the user gave it, for messages
     */
    SnapshotReader(CacheRepository cache, Remote upstream, Remote fork, SyncNames names, Pattern pattern,
            String tagPattern, Progress progress) {
        this.cache = cache;
        this.upstream = upstream;
        this.fork = fork;
        this.names = names;
        this.pattern = pattern;
        this.tagPattern = tagPattern;
        this.progress = progress;
    }

    /**
     * @throws InvalidInputException the tag does not match the pattern, or a fork release tag
     *     has a number kata-release does not write
     * @throws NotFoundException upstream lacks the branch or tag, or the fork the patch branch
     * @throws RemoteMovedException a fork ref was deleted while it was fetched
     */
    SyncSnapshot call() throws ReleaseException, IOException {
        CompletableFuture<Map<String, Ref>> forkListing = listForkRefs();
        if (!pattern.matcher(names.tag()).matches()) {
            checkUpstream(upstream.listRefs());
        }
        FetchResult upstreamFetch = fetchUpstream();
        Map<String, Ref> forkRefs = join(forkListing);
        if (!forkRefs.containsKey(names.patchRef())) {
            throw new NotFoundException("the fork " + fork.displayUrl() + " has no branch "
                    + Texts.quote(names.patchBranch()) + " (the patch branch); push the fork's patch branch first"
                    + " (it holds the commits carried on top of upstream)", Setting.PATCH_BRANCH);
        }
        Map<String, ObjectId> forkState = fetchFork(forkWanted(forkRefs));
        if (!forkState.containsKey(names.patchRef())) {
            throw new NotFoundException("the fork's branch " + Texts.quote(names.patchBranch())
                    + " disappeared while this run fetched it; run again");
        }
        return new SyncSnapshot(upstreamFetch.getAdvertisedRef(names.upstreamHead()).getObjectId(),
                upstreamFetch.getAdvertisedRef(names.upstreamTagRef()).getObjectId(), forkState);
    }

    /**
     * The fork's refs are listed while upstream is fetched: the remotes are independent. On a
     * thread of its own, not the common pool: JGit waits on the common pool inside a listing (it
     * measures the file system there), which deadlocks when the pool has one worker (two-core
     * machines) and that worker is this listing.
     */
    private CompletableFuture<Map<String, Ref>> listForkRefs() {
        progress.step("listing fork refs (" + fork.displayUrl() + ")");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return fork.listRefs();
            } catch (ReleaseException e) {
                throw new CompletionException(e);
            }
        }, task -> {
            Thread lister = new Thread(task, "kata-release-list-fork");
            lister.setDaemon(true);
            lister.start();
        });
    }

    private FetchResult fetchUpstream() throws ReleaseException, IOException {
        progress.step("fetching upstream " + names.upstreamBranch() + " and tag " + names.tag());
        try {
            return cache.fetch(upstream, List.of(spec(names.upstreamHead(), SyncCommand.UPSTREAM_NS),
                    spec(names.upstreamTagRef(), SyncCommand.UPSTREAM_NS)), progress);
        } catch (CacheRepository.MissingRemoteRefException e) {
            // Only now is the upstream listing worth its round trip: to name the nearest tags.
            checkUpstream(upstream.listRefs());
            throw new NotFoundException("upstream " + upstream.displayUrl() + " lost " + e.getMessage()
                    + " while this run fetched it; run again");
        }
    }

    /** @return the fork refs worth fetching, in the order their values are kept */
    private List<String> forkWanted(Map<String, Ref> forkRefs) throws InvalidInputException {
        List<String> wanted = new ArrayList<>();
        for (String name : List.of(names.mirrorRef(), names.patchRef(), names.releaseRef(), names.upstreamTagRef())) {
            if (forkRefs.containsKey(name)) {
                wanted.add(name);
            }
        }
        for (String name : forkRefs.keySet()) {
            // Refuses, before anything is fetched, a number-like <n> it does not write (007, 1e9, ...).
            if (name.startsWith(Constants.R_TAGS)
                    && RefNames.releaseNumber(name, names.tag(), names.suffix()).isPresent()) {
                wanted.add(name);
            }
        }
        return wanted;
    }

    /** @return the value the fork advertised for each wanted ref it still has: the leases */
    private Map<String, ObjectId> fetchFork(List<String> wanted) throws ReleaseException, IOException {
        progress.step("fetching the fork's branches and release tags");
        FetchResult forkFetch;
        try {
            forkFetch = cache.fetch(fork, wanted.stream().map(r -> spec(r, SyncCommand.FORK_NS)).toList(), progress);
        } catch (CacheRepository.MissingRemoteRefException e) {
            throw new RemoteMovedException(List.of(e.getMessage() + " was deleted from the fork while this run"
                    + " fetched it"), List.of());
        }
        Map<String, ObjectId> forkState = new LinkedHashMap<>();
        for (String name : wanted) {
            Ref advertised = forkFetch.getAdvertisedRef(name);
            if (advertised != null) {
                forkState.put(name, advertised.getObjectId());
            }
        }
        return forkState;
    }

    private void checkUpstream(Map<String, Ref> upstreamRefs) throws NotFoundException, InvalidInputException {
        if (!upstreamRefs.containsKey(names.upstreamHead())) {
            throw new NotFoundException("upstream " + upstream.displayUrl() + " has no branch "
                    + Texts.quote(names.upstreamBranch()) + " (the upstream branch)", Setting.UPSTREAM_BRANCH);
        }
        List<String> releaseTags = upstreamRefs.keySet().stream()
                .filter(r -> r.startsWith(Constants.R_TAGS) && !r.endsWith("^{}"))
                .map(r -> r.substring(Constants.R_TAGS.length()))
                .filter(t -> pattern.matcher(t).matches())
                .toList();
        String nearest = nearestText(releaseTags);
        if (!pattern.matcher(names.tag()).matches()) {
            throw new InvalidInputException("the upstream tag " + Texts.quote(names.tag()) + " does not match the tag"
                    + " pattern " + Texts.quote(tagPattern) + ", so it is not taken for a release tag. " + nearest,
                    Setting.UPSTREAM_TAG, Setting.TAG_PATTERN);
        }
        if (!upstreamRefs.containsKey(names.upstreamTagRef())) {
            throw new NotFoundException("upstream " + upstream.displayUrl() + " has no tag "
                    + Texts.quote(names.tag()) + ". " + nearest, Setting.UPSTREAM_TAG);
        }
    }

    private String nearestText(List<String> releaseTags) {
        if (releaseTags.isEmpty()) {
            return "Upstream has no tag matching the tag pattern " + Texts.quote(tagPattern) + ".";
        }
        return "Nearest upstream release tags: " + String.join(", ", RefNames.nearest(names.tag(), releaseTags, 5))
                + ".";
    }

    private static RefSpec spec(String ref, String namespace) {
        return new RefSpec("+" + ref + ":" + namespace + ref.substring("refs/".length()));
    }

    private static <T> T join(CompletableFuture<T> future) throws ReleaseException {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ReleaseException r) {
                throw r;
            }
            throw e;
        }
    }
}
