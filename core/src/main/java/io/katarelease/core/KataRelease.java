package io.katarelease.core;

import io.katarelease.core.sync.SyncCommand;
import io.katarelease.core.tags.TagsCommand;

/**
 * The release engine's entry point: hands out one command object per operation, in the style of
 * JGit's {@code Git} class. Commands are configured with setters and run once with {@code call()}.
 *
 * <pre>{@code
 * SyncResult r = KataRelease.sync()
 *         .setUpstream(Remote.of("upstream", "https://github.com/kata-containers/kata-containers", null))
 *         .setFork(Remote.of("fork", forkUrl, token))
 *         .setTag("4.1.0")
 *         .call();
 * }</pre>
 */
public final class KataRelease {
    /**
     * The release tag's default middle part, {@code <upstream tag>-<suffix>-<n>}: the one place
     * the engine and the CLI take it from (the Jenkins plugin runs the CLI and leaves it to it).
     */
    public static final String DEFAULT_SUFFIX = "digitalocean";

    private KataRelease() {}

    /** @return a command that brings the fork in step with an upstream release tag */
    public static SyncCommand sync() {
        return new SyncCommand();
    }

    /** @return the version of kata-release (the jar manifest's Implementation-Version), or {@code dev} */
    public static String version() {
        String v = KataRelease.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /** @return a command that lists the upstream release tags the fork has not released yet */
    public static TagsCommand tags() {
        return new TagsCommand();
    }
}
