package io.katarelease.cli;

import io.katarelease.core.KataRelease;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.git.Remote;
import io.katarelease.core.sync.CarriedCommit;
import io.katarelease.core.sync.RefChange;
import io.katarelease.core.sync.SyncCommand;
import io.katarelease.core.sync.SyncResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sync", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Bring the fork in step with an upstream release tag.",
            "",
            "1. Mirror upstream main into the fork's mirror branch.",
            "2. Rebase the patch branch onto upstream main (in-core merges, no working tree).",
            "3. Branch <prefix><tag> from the upstream tag and carry the fork commits onto it.",
            "4. Tag it <tag>-<suffix>-<n> (annotated) and push it all atomically, each ref leased on "
                + "the value fetched, after a backup ref (refs/kata-release/backup/...) of every "
                + "rewritten branch.",
            "",
            "Commits upstream already has and commits that became empty are dropped and reported. "
                + "A re-run when the fork already holds the release changes nothing and exits 0. "
                + "Exit codes: see kata-release --help.",
            ""
        })
final class SyncCli implements Callable<Integer> {
    @ParentCommand
    KataReleaseCommand parent;

    @Option(names = "--upstream", required = true, paramLabel = "URL", description = "Upstream repository (kata-containers).")
    String upstreamUrl;

    @Option(names = "--fork", required = true, paramLabel = "URL", description = "The fork; receives every push.")
    String forkUrl;

    @Option(names = "--tag", required = true, paramLabel = "UPSTREAM_TAG", description = "Upstream tag to release, e.g. 4.1.0.")
    String tag;

    @Option(names = "--suffix", defaultValue = "digitalocean", paramLabel = "NAME",
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

    @Option(names = "--json", description = "Print the result (or the failure) as JSON on standard output.")
    boolean json;

    @Mixin
    TokenOptions token = new TokenOptions();

    @Override
    public Integer call() {
        CliContext ctx = parent.ctx;
        TerminalProgress progress = new TerminalProgress(ctx.err(), ctx.terminal(), parent.quiet);
        try {
            Secret secret = token.resolve(ctx);
            Remote fork = Remote.of("fork", forkUrl, secret);
            Remote upstream = Remote.of("upstream", upstreamUrl,
                    Remote.sameServer(upstreamUrl, forkUrl) ? secret : null);
            SyncCommand command = KataRelease.sync()
                    .setUpstream(upstream).setFork(fork).setTag(tag).setSuffix(suffix)
                    .setPatchBranch(patchBranch).setMirrorBranch(mirrorBranch).setUpstreamBranch(upstreamBranch)
                    .setReleaseBranchPrefix(releaseBranchPrefix).setTagPattern(tagPattern)
                    .setDryRun(dryRun).setProgress(progress);
            if (workDir != null) {
                command.setWorkDir(workDir);
            }
            setCommitter(command, ctx);
            SyncResult result = command.call();
            return Outcomes.success(ctx, progress, "sync", json, result, result.warnings(),
                    out -> printHuman(out, result));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "sync", e, json, parent.verbose);
        }
    }

    private void setCommitter(SyncCommand command, CliContext ctx) throws ReleaseException {
        if (committer != null) {
            var m = java.util.regex.Pattern.compile("\\s*(.+?)\\s*<([^<>]+)>\\s*").matcher(committer);
            if (!m.matches()) {
                throw new io.katarelease.core.InvalidInputException("--committer " + Texts.quote(committer)
                        + " must look like 'Name <email>'");
            }
            command.setCommitter(m.group(1), m.group(2));
        } else if (ctx.env().get("GIT_COMMITTER_NAME") != null && ctx.env().get("GIT_COMMITTER_EMAIL") != null) {
            command.setCommitter(ctx.env().get("GIT_COMMITTER_NAME"), ctx.env().get("GIT_COMMITTER_EMAIL"));
        }
    }

    static void printHuman(PrintWriter out, SyncResult r) {
        String headline = switch (r.status()) {
            case PUSHED -> "pushed " + r.releaseTag() + (r.releaseTagCreated() ? " (new)" : "");
            case UP_TO_DATE -> "the fork already holds " + r.releaseTag() + "; nothing to push";
            case DRY_RUN -> "dry run: would " + (r.refs().stream().anyMatch(RefChange::changes)
                    ? "release " + r.releaseTag() : "change nothing (the fork already holds " + r.releaseTag() + ")")
                    + "; nothing was pushed";
        };
        out.println("sync " + r.upstreamTag() + ": " + headline);
        out.println("  upstream tag " + r.upstreamTag() + " = " + Texts.shortId(r.upstreamTagCommit())
                + ", upstream main = " + Texts.shortId(r.upstreamMain()));
        out.println();
        out.println("Patch branch (onto upstream main):");
        printCommits(out, r.patchBranch());
        out.println("Release branch " + r.releaseBranch() + " (onto tag " + r.upstreamTag() + "):");
        printCommits(out, r.release());
        out.println("Refs" + (r.status() == SyncResult.Status.DRY_RUN ? " (planned)" : "") + ":");
        int width = r.refs().stream().mapToInt(c -> c.ref().length()).max().orElse(10);
        for (RefChange c : r.refs()) {
            out.printf("  %-" + width + "s  %-12s  %s -> %s%n", c.ref(), kind(c.kind()),
                    c.oldId() == null ? "(none)" : Texts.shortId(c.oldId()), Texts.shortId(c.newId()));
        }
        out.flush();
    }

    private static void printCommits(PrintWriter out, List<CarriedCommit> commits) {
        if (commits.isEmpty()) {
            out.println("  (no fork commits)");
        }
        for (CarriedCommit c : commits) {
            out.printf("  %-16s  %s  %s%s%n", kind(c.disposition()), Texts.shortId(c.original()), c.subject(),
                    c.detail() == null ? "" : "  [" + c.detail() + "]");
        }
    }

    private static String kind(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
