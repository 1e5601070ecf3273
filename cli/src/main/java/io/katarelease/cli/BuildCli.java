package io.katarelease.cli;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.BuildCommand;
import io.katarelease.core.build.BuildResult;
import io.katarelease.core.versions.Component;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Build QEMU or the guest kernel with exactly the patches versions.yaml selects, through a "
                + "content-addressed cache: the same inputs never build twice.",
            "",
            "By default runs kata's own 'make -C tools/packaging/kata-deploy/local-build <component>-tarball' "
                + "in the checkout with USE_CACHE=no (upstream's artefact cache would hand a fork upstream's "
                + "unpatched binaries) and RELEASE=yes. The artefact, build/kata-static-<component>.tar.xz "
                + "(or .tar.zst), is checked, stored and copied to --out with a JSON build record.",
            ""
        })
final class BuildCli extends Verb {
    @Parameters(index = "0", paramLabel = "qemu|kernel", description = "The component to build.")
    Component component;

    @Option(names = "--repo", required = true, paramLabel = "CHECKOUT", description = "A kata-containers checkout.")
    Path repo;

    @Option(names = "--arch", defaultValue = "x86_64", paramLabel = "ARCH",
            description = "Target architecture (default and only one supported: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the artefact and record go (default: CHECKOUT/build).")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Artefact cache (default: $XDG_CACHE_HOME/kata-release/builds or ~/.cache/kata-release/builds).")
    Path cache;

    @Option(names = "--source", paramLabel = "PATH",
            description = "The component's source tree or tarball: every patch must apply to it (patch -p1, in order)"
                    + " before anything is built.")
    Path source;

    @Option(names = "--command", paramLabel = "CMD",
            description = "Shell command replacing kata's make target; runs in CHECKOUT with the same environment"
                    + " ($KATA_RELEASE_COMPONENT names the component) and must write build/kata-static-<component>.tar.xz.")
    String command;

    @Mixin
    RemoteCacheOptions remote = new RemoteCacheOptions();

    @Override
    public Integer call() {
        CliContext ctx = ctx();
        TerminalProgress progress = progress();
        try {
            BuildResult result = new BuildCommand().setCheckout(repo).setComponent(component).setArch(arch)
                    .setOutDir(out).setCacheDir(cache).setSource(source).setCommand(command).setProgress(progress)
                    .setRemoteCache(remote.open(ctx)).call();
            return Outcomes.success(ctx, progress, "build", json, result, result.warnings(),
                    out -> printHuman(out, result));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "build " + component.id(), e, json, parent.verbose);
        }
    }

    private static void printHuman(PrintWriter out, BuildResult r) {
        out.println("build " + r.record().component() + " " + r.record().version() + ": "
                + (BuildResult.BUILT.equals(r.source()) ? "built in " + r.record().durationMillis() / 1000 + " s" : "")
                + (BuildResult.BUILT.equals(r.source()) && r.remote() != null ? ", pushed to " + r.remote() : "")
                + (BuildResult.BUILT.equals(r.source()) ? "" : r.describeSource()));
        out.println("  patches: " + r.series().size());
        r.series().forEach(p -> out.println("    " + p));
        out.println("  cache key: " + r.record().cacheKey());
        out.println("  artefact:  " + r.artifact() + " (" + r.record().artifact().size() + " bytes)");
        out.println("  sha256:    " + r.record().artifact().sha256());
        out.println("  record:    " + r.recordFile());
        out.flush();
    }
}
