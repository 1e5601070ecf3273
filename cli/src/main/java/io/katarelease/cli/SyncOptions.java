package io.katarelease.cli;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.KataRelease;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.git.Remote;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.sync.SyncCommand;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of a sync, shared by {@code sync} and {@code release}. */
final class SyncOptions {
    @Option(names = "--upstream", required = true, paramLabel = "URL", description = "Upstream repository (kata-containers).")
    String upstreamUrl;

    @Option(names = "--fork", required = true, paramLabel = "URL", description = "The fork; receives every push.")
    String forkUrl;

    @Option(names = "--tag", required = true, paramLabel = "UPSTREAM_TAG", description = "Upstream tag to release, e.g. 4.1.0.")
    String tag;

    @Option(names = "--suffix", defaultValue = KataRelease.DEFAULT_SUFFIX, paramLabel = "NAME",
            description = "Release tag is <tag>-<suffix>-<n> (default: ${DEFAULT-VALUE}).")
    String suffix;

    @Option(names = "--patch-branch", defaultValue = "do/main", paramLabel = "BRANCH",
            description = "Fork branch with the carried patches (default: ${DEFAULT-VALUE}).")
    String patchBranch;

    @Option(names = "--mirror-branch", defaultValue = "main", paramLabel = "BRANCH",
            description = "Fork branch that mirrors upstream main (default: ${DEFAULT-VALUE}).")
    String mirrorBranch;

    @Option(names = "--upstream-branch", defaultValue = "main", paramLabel = "BRANCH",
            description = "Upstream's development branch (default: ${DEFAULT-VALUE}).")
    String upstreamBranch;

    @Option(names = "--release-branch-prefix", defaultValue = "do/", paramLabel = "PREFIX",
            description = "Release branch is <prefix><tag> (default: ${DEFAULT-VALUE}).")
    String releaseBranchPrefix;

    @Option(names = "--tag-pattern", defaultValue = RefNames.DEFAULT_TAG_PATTERN, paramLabel = "REGEX",
            description = "Regex the whole upstream tag must match (default: ${DEFAULT-VALUE}).")
    String tagPattern;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Persistent git cache (default: $XDG_CACHE_HOME/kata-release or ~/.cache/kata-release).")
    Path workDir;

    @Option(names = "--committer", paramLabel = "'NAME <EMAIL>'",
            description = "Committer and tagger (default: $GIT_COMMITTER_NAME/$GIT_COMMITTER_EMAIL, else kata-release).")
    String committer;

    @Option(names = "--dry-run", description = "Print the plan (commits, every ref's old and new value); push nothing.")
    boolean dryRun;

    @Option(names = "--lock-timeout", defaultValue = "0", paramLabel = "SECONDS",
            description = "Wait up to this long for another run that holds the git cache (release: also the state)."
                    + " The default, 0, stops at once with exit 15, naming the holder.")
    long lockTimeoutSeconds;

    @Mixin
    TokenOptions token = new TokenOptions();

    private java.time.Duration lockTimeout() throws InvalidInputException {
        if (lockTimeoutSeconds < 0 || lockTimeoutSeconds > 7 * 24 * 3600) {
            throw new InvalidInputException("--lock-timeout " + lockTimeoutSeconds + " is not between 0 and 604800"
                    + " seconds (a week)");
        }
        return java.time.Duration.ofSeconds(lockTimeoutSeconds);
    }

    /** @return a sync configured from the options, the token and the environment */
    SyncCommand toCommand(CliContext ctx, Progress progress) throws ReleaseException {
        Secret secret = token.resolve(ctx);
        Remote fork = Remote.of("fork", forkUrl, secret);
        Remote upstream = Remote.of("upstream", upstreamUrl, Remote.sameServer(upstreamUrl, forkUrl) ? secret : null);
        SyncCommand command = KataRelease.sync()
                .setUpstream(upstream).setFork(fork).setTag(tag).setSuffix(suffix)
                .setPatchBranch(patchBranch).setMirrorBranch(mirrorBranch).setUpstreamBranch(upstreamBranch)
                .setReleaseBranchPrefix(releaseBranchPrefix).setTagPattern(tagPattern)
                .setDryRun(dryRun).setLockTimeout(lockTimeout()).setProgress(progress);
        if (workDir != null) {
            command.setWorkDir(workDir);
        }
        setCommitter(command, ctx);
        return command;
    }

    private void setCommitter(SyncCommand command, CliContext ctx) throws ReleaseException {
        if (committer != null) {
            var m = java.util.regex.Pattern.compile("\\s*(.+?)\\s*<([^<>]+)>\\s*").matcher(committer);
            if (!m.matches()) {
                throw new InvalidInputException("--committer " + Texts.quote(committer)
                        + " must look like 'Name <email>'");
            }
            command.setCommitter(m.group(1), m.group(2));
        } else if (ctx.env().get("GIT_COMMITTER_NAME") != null && ctx.env().get("GIT_COMMITTER_EMAIL") != null) {
            command.setCommitter(ctx.env().get("GIT_COMMITTER_NAME"), ctx.env().get("GIT_COMMITTER_EMAIL"));
        }
    }

}
