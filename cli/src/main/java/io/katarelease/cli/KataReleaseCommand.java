package io.katarelease.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "kata-release",
        mixinStandardHelpOptions = true,
        versionProvider = KataReleaseCommand.Version.class,
        description = "Keeps a patched kata-containers fork in step with upstream and cuts its releases.",
        subcommands = {ReleaseCli.class, StatusCli.class, SyncCli.class, TagsCli.class, InspectCli.class, BuildCli.class,
            CacheCli.class, PackageCli.class, VerifyCli.class, PublishCli.class,
            SandboxCli.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (also: nothing to do, the fork already holds the release)",
            "1:internal error (a bug: run with --verbose and report it)",
            "2:usage error (unknown option, missing argument)",
            "3:invalid input (malformed tag, ref name, URL or pattern)",
            "4:not found (tag, branch or repository)",
            "5:conflict (a fork commit does not apply; nothing was pushed)",
            "6:the fork moved under the lease (nothing was pushed)",
            "7:authentication failed",
            "8:remote unavailable (network, server error)",
            "9:unsupported history (merge commits in the patch branch)",
            "10:the fork's server refused the push (protected branch, token permission, hook)",
            "11:a component build failed (its exit code and last output lines are printed)",
            "12:a patch does not apply to the component's source (the patch and hunk are named)",
            "13:the release already has a same-name asset with other content (nothing uploaded; see --replace)",
            "14:a check of the release tarball failed (the checks are printed; nothing was published)",
            "15:another run holds the state or output directory (its pid, host and start are named; nothing changed)",
            "16:a ledger or recorded result is damaged or from a newer version (the file is named; see"
                + " --discard-damaged-state)",
            "17:no space left on a file system (the path is named; nothing partial is kept)",
            "18:permission denied on a path (named)",
            "19:a path is on a read-only file system (named)",
            "20:a file name or path is too long for the file system (named)",
        })
final class KataReleaseCommand implements Runnable {
    final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces of failures.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print no progress, only results, warnings and errors.")
    boolean quiet;

    KataReleaseCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = KataReleaseCommand.class.getPackage().getImplementationVersion();
            return new String[] {"kata-release " + (v == null ? "(development build)" : v)};
        }
    }
}
