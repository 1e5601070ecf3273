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
            SandboxCli.class})
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
