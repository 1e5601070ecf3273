package io.katarelease.core.sync;

import java.util.List;

/**
 * What a sync found and did.
 *
 * @param status whether refs were pushed, nothing was needed, or it was a dry run
 * @param upstreamTag the upstream tag released
 * @param upstreamTagCommit the commit the upstream tag points at
 * @param upstreamMain the upstream main commit the fork's mirror and patch branch now follow
 * @param releaseTag the fork's release tag ({@code <tag>-<suffix>-<n>})
 * @param releaseTagCreated whether this run created the release tag (false: an existing one holds
 *     exactly this release)
 * @param releaseCommit the commit the release tag and branch point at
 * @param releaseBranch the release branch's short name ({@code do/<tag>})
 * @param patchBranch the patch branch's commits after the rebase onto upstream main, in order
 * @param release the commits carried onto the release branch, in order
 * @param refs every fork ref the run considered, with its old and new value
 * @param atomic whether the push was (or would be) atomic
 * @param warnings things the user should read
 */
public record SyncResult(Status status, String upstreamTag, String upstreamTagCommit, String upstreamMain,
        String releaseTag, boolean releaseTagCreated, String releaseCommit, String releaseBranch,
        List<CarriedCommit> patchBranch, List<CarriedCommit> release, List<RefChange> refs, boolean atomic,
        List<String> warnings) {

    /** The overall outcome of a sync. */
    public enum Status {
        /** Refs were pushed to the fork. */
        PUSHED,
        /** The fork already held exactly this release; nothing was pushed. */
        UP_TO_DATE,
        /** A dry run: the plan was computed, nothing was pushed. */
        DRY_RUN,
    }

    /** @return the commits carried onto the release branch */
    public List<CarriedCommit> carried() {
        return release.stream().filter(CarriedCommit::carried).toList();
    }

    /** @return the commits left off the release branch, with the reason */
    public List<CarriedCommit> dropped() {
        return release.stream().filter(c -> !c.carried()).toList();
    }
}
