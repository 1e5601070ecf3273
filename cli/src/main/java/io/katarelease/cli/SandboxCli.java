package io.katarelease.cli;

import io.katarelease.core.KataRelease;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.git.Remote;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.sync.SyncResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Try kata-release offline, without credentials.",
            "",
            "Creates a local kata-containers-shaped upstream (real versions.yaml files, upstream tags 4.0.0 "
                + "and 4.1.0) and a fork one release behind with a patch branch carrying a QEMU and a kernel "
                + "patch, then runs the release job on them: sync to upstream tag 4.1.0. "
                + "An earlier sandbox in the same folder is replaced.",
            ""
        })
final class SandboxCli implements Callable<Integer> {
    @ParentCommand
    KataReleaseCommand parent;

    @Option(names = "--dir", defaultValue = "kata-release-sandbox", paramLabel = "DIR",
            description = "Folder to create the sandbox in (default: ./${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--tag", defaultValue = "4.1.0", paramLabel = "UPSTREAM_TAG",
            description = "Upstream tag to release (4.0.0 or 4.1.0; default: ${DEFAULT-VALUE}).")
    String tag;

    @Option(names = "--json", description = "Print the sync result as JSON on standard output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = parent.ctx;
        PrintWriter err = ctx.err();
        TerminalProgress progress = new TerminalProgress(err, ctx.terminal(), parent.quiet);
        try {
            progress.step("creating the sandbox in " + dir.toAbsolutePath().normalize());
            Sandbox sandbox = Sandbox.create(dir);
            SyncResult result = KataRelease.sync()
                    .setUpstream(Remote.of("upstream", sandbox.upstreamUrl(), null))
                    .setFork(Remote.of("fork", sandbox.forkUrl(), null))
                    .setTag(tag)
                    .setWorkDir(sandbox.workDir())
                    .setProgress(progress)
                    .call();
            result.warnings().forEach(progress::warn);
            if (json) {
                JsonOutput.result(ctx.out(), "sandbox", ExitCodes.OK, result);
                return ExitCodes.OK;
            }
            PrintWriter out = ctx.out();
            SyncCli.printHuman(out, result);
            String fork = sandbox.dir().resolve("fork.git").toString();
            out.println();
            out.println("The sandbox is in " + sandbox.dir() + ". Look at what was pushed:");
            out.println("  git --git-dir " + fork + " log --oneline -5 " + result.releaseBranch());
            out.println("  git --git-dir " + fork + " show --stat " + result.releaseTag());
            out.println("Run the same sync again (a no-op):");
            out.println("  bin/kata-release sync --upstream " + sandbox.upstreamUrl() + " --fork " + sandbox.forkUrl()
                    + " --tag " + tag + " --work-dir " + sandbox.workDir());
            out.flush();
            return ExitCodes.OK;
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "sandbox", e, json, parent.verbose);
        }
    }
}
