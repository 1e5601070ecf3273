package io.katarelease.core;

/**
 * A value the user gives the engine, named in the engine's own words. A {@link ReleaseException}
 * lists the settings its message is about; each front end names them in its own words (the CLI a
 * flag, a Jenkins step its parameter), so the engine's messages never name a flag.
 */
public enum Setting {
    /** The upstream tag a release is made from (4.1.0). */
    UPSTREAM_TAG("upstream tag"),
    /** The fork's release tag (4.1.0-digitalocean-0). */
    RELEASE_TAG("release tag"),
    /** The regular expression a whole upstream tag must match to count as a release. */
    TAG_PATTERN("tag pattern"),
    /** The fork's name in its release tags (<tag>-<suffix>-<n>). */
    SUFFIX("release suffix"),
    /** The oldest upstream version a tag listing shows. */
    SINCE("starting version"),
    /** The fork branch that holds the commits carried on top of upstream. */
    PATCH_BRANCH("patch branch"),
    /** The fork branch that mirrors upstream's development branch. */
    MIRROR_BRANCH("mirror branch"),
    /** Upstream's development branch. */
    UPSTREAM_BRANCH("upstream branch"),
    /** What a release branch's name starts with (<prefix><tag>). */
    RELEASE_BRANCH_PREFIX("release branch prefix"),
    /** How long a run waits for another run that holds the directory it needs. */
    LOCK_TIMEOUT("lock timeout"),
    /** Setting damaged ledgers aside instead of stopping. */
    DISCARD_DAMAGED_STATE("discard damaged state"),
    /** The kata-containers working tree a component is built in. */
    CHECKOUT("kata-containers checkout"),
    /** The target architecture. */
    ARCH("architecture"),
    /** A component's source tree or tarball, which every patch must apply to. */
    PATCH_SOURCE("component source"),
    /** The shell command that replaces kata's make target. */
    BUILD_COMMAND("build command"),
    /** The registry repository that is the shared second level of the build cache. */
    REMOTE_CACHE("remote cache"),
    /** Allowing a registry that speaks plain HTTP. */
    INSECURE_REGISTRY("plain-HTTP registry"),
    /** The directory of built kata-static-* component tarballs a release is packaged from. */
    ARTIFACTS("artifacts directory"),
    /** The release tarball's file name pattern ({tag}, {arch}). */
    TARBALL_NAME("tarball name pattern"),
    /** The repository (a local clone or a URL) that holds the release ref. */
    REPOSITORY("repository"),
    /** The branch, tag or commit a release is read from. */
    REF("ref"),
    /** The upstream ref a release is compared with. */
    BASE_REF("base ref"),
    /** One release tarball to check. */
    ASSET("release tarball"),
    /** The directory whose files are published. */
    ASSETS("assets directory"),
    /** Replacing published assets that have other content. */
    REPLACE_ASSETS("replace assets"),
    /** The GitHub repository releases are published to (OWNER/NAME). */
    GITHUB_REPO("GitHub repository"),
    /** The GitHub API's base URL (GitHub Enterprise). */
    GITHUB_API_URL("GitHub API URL"),
    /** The token for GitHub's release API. */
    GITHUB_TOKEN("GitHub token"),
    /** The token for HTTPS git remotes. */
    GIT_TOKEN("git token"),
    /** A local directory releases are published to instead of GitHub. */
    TARGET_DIR("target directory"),
    /** How long a cache entry must have gone unused to be pruned. */
    UNUSED_FOR("unused period"),
    /** Pruning every cache entry. */
    PRUNE_ALL("all entries"),
    /** Pruning the remote cache only. */
    REMOTE_ONLY("remote cache only"),
    /** Showing what would change, changing nothing. */
    DRY_RUN("dry run"),
    /** The folder a sandbox is made in. */
    SANDBOX_DIR("sandbox folder");

    private final String words;

    Setting(String words) {
        this.words = words;
    }

    /** @return the setting in the engine's words, for messages ("release tag") */
    public String words() {
        return words;
    }
}
