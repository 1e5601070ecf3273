package io.katarelease.cli;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.sync.CarriedCommit;
import io.katarelease.core.sync.RefChange;
import io.katarelease.core.sync.SyncResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
final class SyncCli extends Verb {
    @Mixin
    SyncOptions options = new SyncOptions();

    @Override
    public Integer call() {
        CliContext ctx = ctx();
        TerminalProgress progress = progress();
        try {
            SyncResult result = options.toCommand(ctx, progress).call();
            return Outcomes.success(ctx, progress, "sync", json, result, result.warnings(),
                    out -> printHuman(out, result));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "sync", e, json, parent.verbose);
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
