package io.katarelease.core.sync;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.git.CacheRepository;
import io.katarelease.core.git.CacheRepository.AtomicPushUnsupportedException;
import io.katarelease.core.git.Remote;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.sync.RefChange.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Pushes the planned ref changes to the fork, each leased on the value the run fetched, so that
 * a fork that moved meanwhile is never overwritten. Single use: create, {@link #call}.
 */
final class LeasedPush {
    /** How the refs went out. */
    enum Mode {
        /** In one atomic push: all or nothing. */
        ATOMIC,
        /** The server has no atomic push: in groups, stopping at the first refusal. */
        IN_ORDER,
    }

    private final CacheRepository cache;
    private final Remote fork;
    private final String releaseRef;
    private final Progress progress;
    private final List<String> warnings;

    /**
     * @param releaseRef the release branch's full name; it goes out last, with the release tag
     * @param warnings where a fallback to an ordered push is reported
     */
    LeasedPush(CacheRepository cache, Remote fork, String releaseRef, Progress progress, List<String> warnings) {
        this.cache = cache;
        this.fork = fork;
        this.releaseRef = releaseRef;
        this.progress = progress;
        this.warnings = warnings;
    }

    /**
     * Pushes every change. One atomic push when the server can; otherwise backups first, then
     * mirror and patch branch, then release branch and tags, stopping at the first refusal.
     *
     * @param refs the plan; refs that do not change are skipped
     * @throws RemoteMovedException a ref's lease failed: the fork changed since the fetch
     * @throws PushRejectedException the server refused for a reason of its own
     */
    Mode call(List<RefChange> refs) throws ReleaseException, IOException {
        List<RefChange> changes = refs.stream().filter(RefChange::changes).toList();
        progress.step("pushing " + changes.size() + " refs to the fork");
        try {
            pushGroup(changes, true, List.of());
            return Mode.ATOMIC;
        } catch (AtomicPushUnsupportedException e) {
            warnings.add("the fork's server does not support atomic push; refs were pushed in order");
        }
        List<String> pushed = new ArrayList<>();
        List<List<RefChange>> groups = List.of(
                changes.stream().filter(r -> r.kind() == Kind.BACKUP).toList(),
                changes.stream().filter(r -> r.kind() != Kind.BACKUP && r.ref().startsWith(Constants.R_HEADS)
                        && !r.ref().startsWith(releaseRef)).toList(),
                changes.stream().filter(r -> r.ref().startsWith(Constants.R_TAGS) || r.ref().equals(releaseRef))
                        .toList());
        for (List<RefChange> group : groups) {
            if (group.isEmpty()) {
                continue;
            }
            try {
                pushGroup(group, false, pushed);
            } catch (AtomicPushUnsupportedException e) {
                throw new IllegalStateException("a non-atomic push cannot report missing atomic support", e);
            }
            group.forEach(r -> pushed.add(r.ref() + " -> " + Texts.shortId(r.newId())));
        }
        return Mode.IN_ORDER;
    }

    private void pushGroup(List<RefChange> group, boolean atomic, List<String> pushedBefore)
            throws ReleaseException, IOException, AtomicPushUnsupportedException {
        List<RemoteRefUpdate> updates = new ArrayList<>();
        for (RefChange r : group) {
            ObjectId newId = ObjectId.fromString(r.newId());
            ObjectId expected = r.oldId() == null ? ObjectId.zeroId() : ObjectId.fromString(r.oldId());
            boolean force = r.kind() == Kind.REWRITE;
            updates.add(new RemoteRefUpdate(cache.repository(), newId.name(), newId, r.ref(), force, null, expected));
        }
        PushResult result = cache.push(fork, updates, atomic, progress);
        List<String> moved = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> aborted = new ArrayList<>();
        for (RemoteRefUpdate u : updates) {
            RemoteRefUpdate pushedUpdate = result.getRemoteUpdate(u.getRemoteName());
            RemoteRefUpdate.Status s = pushedUpdate.getStatus();
            String why = pushedUpdate.getMessage();
            if (s == RemoteRefUpdate.Status.OK || s == RemoteRefUpdate.Status.UP_TO_DATE) {
                continue;
            }
            if (atomic && s == RemoteRefUpdate.Status.REJECTED_OTHER_REASON && why != null
                    && why.equals(JGitText.get().transactionAborted)) {
                // Refused only because another ref of the atomic push was refused.
                aborted.add(u.getRemoteName());
                continue;
            }
            String line = u.getRemoteName() + ": " + s.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (why == null ? "" : " (" + why + ")");
            if (isLease(s, why)) {
                Ref now = result.getAdvertisedRef(u.getRemoteName());
                moved.add(line + "; expected " + Texts.shortId(u.getExpectedOldObjectId().name())
                        + ", the fork has " + (now == null ? "no such ref" : Texts.shortId(now.getObjectId().name())));
            } else {
                refused.add(line);
            }
        }
        if (!moved.isEmpty()) {
            throw new RemoteMovedException(moved, pushedBefore);
        }
        if (!refused.isEmpty()) {
            throw new PushRejectedException(refused, pushedBefore);
        }
        if (!aborted.isEmpty()) {
            throw new PushRejectedException(List.of("the server aborted the atomic push of "
                    + String.join(", ", aborted)), pushedBefore);
        }
    }

    /** A lease that failed, or a ref locked by a concurrent push: the fork is moving under us. */
    private static boolean isLease(RemoteRefUpdate.Status s, String why) {
        return s == RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED
                || s == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD
                || (why != null && why.toLowerCase(Locale.ROOT).contains("lock"));
    }
}
