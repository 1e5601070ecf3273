package io.katarelease.cli;

import io.katarelease.core.KataRelease;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.git.Remote;
import io.katarelease.core.publish.LocalReleaseHost;
import io.katarelease.core.release.ReleaseCommand;
import io.katarelease.core.release.ReleaseResult;
import io.katarelease.core.release.ReleaseResult.StageOutcome;
import io.katarelease.core.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Try kata-release offline, without credentials.",
            "",
            "Creates a local kata-containers-shaped upstream (real versions.yaml files, upstream tags 4.0.0 "
                + "and 4.1.0, an offline stand-in for kata's build targets that makes a real x86_64 ELF QEMU and a "
                + "bzImage kernel, which verify checks) and a fork one release behind with a "
                + "patch branch carrying a QEMU and a kernel patch, then runs the release job on them into a local "
                + "release directory, and runs it a second time to show that a re-run resumes and changes nothing. "
                + "An earlier sandbox in the same folder is replaced.",
            ""
        })
final class SandboxCli extends Verb {
    @Option(names = "--dir", defaultValue = "kata-release-sandbox", paramLabel = "DIR",
            description = "Folder to create the sandbox in (default: ./${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--tag", defaultValue = "4.1.0", paramLabel = "UPSTREAM_TAG",
            description = "Upstream tag to release (4.0.0 or 4.1.0; default: ${DEFAULT-VALUE}).")
    String tag;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = ctx();
        TerminalProgress progress = progress();
        try {
            progress.step("creating the sandbox in " + dir.toAbsolutePath().normalize());
            Sandbox sandbox = Sandbox.create(dir);
            progress.step("first run of the release job");
            ReleaseResult first = release(sandbox, progress);
            progress.step("second run: it resumes from the ledger and changes nothing");
            ReleaseResult second = release(sandbox, progress);
            return Outcomes.success(ctx, progress, "sandbox", json, Map.of("first", first, "second", second),
                    first.sync().warnings(), out -> printHuman(out, sandbox, first, second));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "sandbox", e, json, parent.verbose);
        }
    }

    private ReleaseResult release(Sandbox sandbox, TerminalProgress progress) throws ReleaseException {
        return new ReleaseCommand()
                .setSync(KataRelease.sync().setUpstream(Remote.of("upstream", sandbox.upstreamUrl(), null))
                        .setFork(Remote.of("fork", sandbox.forkUrl(), null)).setTag(tag)
                        .setWorkDir(sandbox.workDir()).setProgress(progress))
                .setBuildCommand(Sandbox.BUILD_COMMAND).setStateDir(sandbox.stateDir())
                .setCacheDir(sandbox.cacheDir()).setHost(new LocalReleaseHost(sandbox.releasesDir()))
                .setProgress(progress).call();
    }

    private void printHuman(PrintWriter out, Sandbox sandbox, ReleaseResult first, ReleaseResult second) {
        SyncCli.printHuman(out, first.sync());
        out.println();
        stages(out, "First run", first.stages());
        stages(out, "Second run", second.stages());
        Path release = sandbox.releasesDir().resolve(first.releaseTag());
        out.println();
        out.println("Verified before publishing: " + first.verification().summary() + " (bin/kata-release verify"
                + " --asset " + release.resolve(first.verification().asset()) + " --repo " + sandbox.dir()
                .resolve("fork.git") + " checks it again)");
        out.println("The release " + first.releaseTag() + " is in " + release + ":");
        first.published().assets().forEach(a -> out.println("  " + a.name() + "  sha256 " + a.sha256() + "  " + a.url()));
        out.println("Its report: " + release.resolve("notes.md"));
        out.println("Its ledger: " + first.ledger());
        String fork = sandbox.dir().resolve("fork.git").toString();
        out.println("Look at the fork:  git --git-dir " + fork + " log --oneline -5 " + first.sync().releaseBranch());
        out.println("Run it yourself:   bin/kata-release release --upstream " + sandbox.upstreamUrl() + " --fork "
                + sandbox.forkUrl() + " --tag " + tag + " --work-dir " + sandbox.workDir() + " --state "
                + sandbox.stateDir() + " --cache " + sandbox.cacheDir() + " --build-command '" + Sandbox.BUILD_COMMAND
                + "' --to-dir " + sandbox.releasesDir());
        out.flush();
    }

    private static void stages(PrintWriter out, String title, List<StageOutcome> stages) {
        out.println(title + ":");
        for (StageOutcome s : stages) {
            out.printf("  %-14s %-8s %s%n", s.name(), s.action(), s.detail());
        }
    }
}
