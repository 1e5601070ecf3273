package io.katarelease.core.sync;

import org.eclipse.jgit.lib.Constants;

/**
 * The branch, tag and ref names one sync works with, derived once from the command's settings so
 * that every step spells them the same way.
 *
 * @param tag the upstream tag ({@code 4.1.0})
 * @param suffix the release tag's middle part ({@code digitalocean})
 * @param upstreamBranch upstream's development branch
 * @param mirrorBranch the fork's branch that mirrors upstream's
 * @param patchBranch the fork's branch of carried patches
 * @param releaseBranch the fork's release branch ({@code do/4.1.0})
 */
record SyncNames(String tag, String suffix, String upstreamBranch, String mirrorBranch, String patchBranch,
        String releaseBranch) {

    String upstreamHead() {
        return Constants.R_HEADS + upstreamBranch;
    }

    String upstreamTagRef() {
        return Constants.R_TAGS + tag;
    }

    String mirrorRef() {
        return Constants.R_HEADS + mirrorBranch;
    }

    String patchRef() {
        return Constants.R_HEADS + patchBranch;
    }

    String releaseRef() {
        return Constants.R_HEADS + releaseBranch;
    }

    /** @return {@code <tag>-<suffix>-<n>} */
    String releaseTag(int n) {
        return tag + "-" + suffix + "-" + n;
    }
}
