package io.katarelease.cli;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.publish.ReleaseHost;
import io.katarelease.core.release.ReleaseCommand;
import io.katarelease.core.release.ReleaseResult;
import io.katarelease.core.release.ReleaseResult.StageOutcome;
import io.katarelease.core.sync.SyncCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "release", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The whole job: sync, checkout of the release commit, the component builds (in parallel, through the "
                + "cache), package, verify (a failed check stops the run before anything is published, exit 14), "
                + "publish, hand off. It prints the release URL, every asset's download URL and SHA-256, and the "
                + "values a validation job takes (RELEASE_TAG, ASSET_URL, ASSET_SHA256).",
            "",
            "A ledger (--state/<release tag>.json) records each stage with its inputs: run again after a failure or "
                + "a kill and finished stages are skipped, moved inputs redo what depends on them, and every stage "
                + "converges (same refs, cache hits, same bytes, no duplicate assets). --dry-run prints the plan.",
            ""
        })
final class ReleaseCli extends Verb {
    @Mixin
    SyncOptions sync = new SyncOptions();

    @Option(names = "--components", defaultValue = "qemu,kernel", split = ",", paramLabel = "LIST",
            description = "kata-deploy targets to build: qemu and kernel with their patch series, others (agent,"
                    + " runtime ...) through the same runner and cache (default: ${DEFAULT-VALUE}).")
    List<String> components;

    @Option(names = "--build-command", paramLabel = "TEMPLATE",
            description = "Replaces kata's make target for every component; {component} stands for its name.")
    String buildCommand;

    @Option(names = "--state", paramLabel = "DIR", description = "Ledgers, checkouts and assets (default: <work dir>/state).")
    Path state;

    @Option(names = "--discard-damaged-state", description = "Set damaged ledgers aside (renamed <name>.damaged-<time>)"
            + " instead of stopping with exit 16; the release's stages are redone and converge.")
    boolean discardDamagedState;

    @Option(names = "--cache", paramLabel = "DIR", description = "Build cache (default: as for build).")
    Path cache;

    @Mixin
    RemoteCacheOptions remote = new RemoteCacheOptions();

    @Mixin
    PublishTarget target = new PublishTarget();

    @Override
    public Integer call() {
        CliContext ctx = ctx();
        TerminalProgress progress = progress();
        try {
            List<String> targets = new ArrayList<>();
            for (String c : components) {
                String name = c.strip().toLowerCase(Locale.ROOT);
                if (!name.matches("[a-z0-9][a-z0-9-]{0,40}")) {
                    throw new InvalidInputException("--components: " + Texts.quote(c) + " is not a kata-deploy target name");
                }
                targets.add(name);
            }
            SyncCommand syncCommand = sync.toCommand(ctx, progress);
            ReleaseHost host = target.host(ctx, progress);
            ReleaseResult result = new ReleaseCommand().setSync(syncCommand).setTargets(targets)
                    .setBuildCommand(buildCommand).setStateDir(state).setDiscardDamagedState(discardDamagedState).setCacheDir(cache).setHost(host)
                    .setRemoteCache(remote.open(ctx))
                    .setProgress(progress).call();
            return Outcomes.success(ctx, progress, "release", json, result, result.sync().warnings(),
                    out -> printHuman(out, result));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "release", e, json, parent.verbose);
        }
    }

    private static void printHuman(PrintWriter out, ReleaseResult r) {
        if (r.dryRun()) {
            SyncCli.printHuman(out, r.sync());
            out.println();
            InspectCli.printHuman(out, r.inspect());
            out.println();
        }
        out.println("release " + r.releaseTag() + (r.dryRun() ? " (dry run: nothing was changed)" : ""));
        for (StageOutcome s : r.stages()) {
            out.printf("  %-14s %-8s %s%n", s.name(), s.action(), s.detail());
        }
        if (r.verification() != null) {
            out.println("  verified: " + r.verification().summary() + " (" + r.verification().asset() + ")");
        }
        if (r.published() != null) {
            out.println("  release: " + r.published().releaseUrl() + (r.published().draft() ? " (draft)" : ""));
            r.published().assets().forEach(a -> out.println("    " + a.name() + "  sha256 " + a.sha256() + "  "
                    + a.url()));
        }
        out.println("  ledger:  " + r.ledger());
        out.flush();
    }
}
