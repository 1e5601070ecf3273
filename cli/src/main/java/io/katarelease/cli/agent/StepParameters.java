package io.katarelease.cli.agent;

import io.katarelease.core.Setting;

/**
 * The Jenkins steps' word for each of the engine's {@link Setting}s: the step parameter that gives
 * it ({@code kataPublishRelease(releaseTag: ...)}). The one table of them; {@code StepParametersTest}
 * holds every name to a parameter of some step class. The agent runner hands it to the commands it
 * runs, so a failed step says {@code ... (releaseTag)} where the CLI says {@code ... (--release-tag)}.
 */
final class StepParameters {
    private StepParameters() {}

    /** @return the step parameter that gives {@code setting}, or null where no step has one */
    static String of(Setting setting) {
        return switch (setting) {
            case UPSTREAM_TAG -> "tag";
            case RELEASE_TAG -> "releaseTag";
            case TAG_PATTERN -> "tagPattern";
            case SUFFIX -> "suffix";
            case SINCE -> "since";
            case PATCH_BRANCH -> "patchBranch";
            case MIRROR_BRANCH -> "mirrorBranch";
            case UPSTREAM_BRANCH -> "upstreamBranch";
            case RELEASE_BRANCH_PREFIX -> "releaseBranchPrefix";
            case LOCK_TIMEOUT -> "lockTimeout";
            case CHECKOUT -> "checkout";
            case ARCH -> "arch";
            case PATCH_SOURCE -> "source";
            case BUILD_COMMAND -> "command";
            case REMOTE_CACHE -> "remoteCache";
            case INSECURE_REGISTRY -> "remoteCacheInsecure";
            case ARTIFACTS -> "artifacts";
            case TARBALL_NAME -> "name";
            case REPOSITORY -> "repo";
            case REF -> "ref";
            case BASE_REF -> "baseRef";
            case ASSET -> "asset";
            case ASSETS -> "assets";
            case REPLACE_ASSETS -> "replace";
            case GITHUB_REPO -> "githubRepo";
            case GITHUB_API_URL -> "githubApiUrl";
            case GITHUB_TOKEN, GIT_TOKEN -> "credentialsId";
            case TARGET_DIR -> "toDir";
            case DRY_RUN -> "dryRun";
            // The release ledger, the cache's pruning and the sandbox are the CLI's alone.
            case DISCARD_DAMAGED_STATE, UNUSED_FOR, PRUNE_ALL, REMOTE_ONLY, SANDBOX_DIR -> null;
        };
    }
}
