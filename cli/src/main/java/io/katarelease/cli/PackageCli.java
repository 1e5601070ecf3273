package io.katarelease.cli;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RepositorySource;
import io.katarelease.core.packaging.PackageCommand;
import io.katarelease.core.packaging.PackageResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "package", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Merge the component tarballs (kata-static-*.tar.xz/.tar.zst) into the release's one tarball, as kata's "
                + "merge-builds does, adding opt/kata/VERSION (the release tag) and opt/kata/versions.yaml (from "
                + "--ref); write SHA256SUMS and a Markdown release report beside it.",
            "",
            "The tarball is deterministic (sorted entries, fixed times, root ownership; $SOURCE_DATE_EPOCH sets the "
                + "time) and unsafe input is refused with nothing written: paths outside opt/kata, absolute paths, "
                + "'..', links out of the tree, device files, one path with two contents, more than 2 GiB.",
            ""
        })
final class PackageCli extends Verb {
    @Option(names = "--release-tag", required = true, paramLabel = "TAG", description = "The release tag, e.g. 4.1.0-digitalocean-0.")
    String releaseTag;

    @Option(names = "--artifacts", required = true, paramLabel = "DIR", description = "Directory with the component tarballs.")
    Path artifacts;

    @Option(names = "--repo", paramLabel = "PATH_OR_URL", description = "Repository holding --ref (for versions.yaml and the report).")
    String repo;

    @Option(names = "--ref", paramLabel = "REF", description = "The release ref (default: the release tag).")
    String ref;

    @Option(names = "--base-ref", paramLabel = "REF", description = "Upstream ref, to mark patches carried in the report.")
    String baseRef;

    @Option(names = "--arch", defaultValue = "x86_64", paramLabel = "ARCH", description = "Architecture in the name (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--name", defaultValue = "{tag}-{arch}.tar.xz", paramLabel = "PATTERN",
            description = "Asset name; .tar.xz or .tar.zst (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR", description = "Output directory (default: the current one).")
    Path out;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Cache for a URL --repo.")
    Path workDir;

    @Mixin
    TokenOptions token = new TokenOptions();

    @Override
    public Integer call() throws IOException {
        CliContext ctx = ctx();
        TerminalProgress progress = progress();
        try {
            PackageCommand command = new PackageCommand().setReleaseTag(releaseTag).setArtifacts(artifacts)
                    .setBaseRef(baseRef).setArch(arch).setNamePattern(name).setOutDir(out).setMtime(mtime(ctx))
                    .setProgress(progress);
            PackageResult result;
            if (repo != null) {
                String releaseRef = ref == null ? releaseTag : ref;
                try (RepositorySource source = RepositorySource.open(repo, releaseRef, baseRef,
                        workDir, token.resolve(ctx), progress)) {
                    result = command.setRepository(source.repository(), releaseRef).call();
                }
            } else {
                result = command.call();
            }
            return Outcomes.success(ctx, progress, "package", json, result, result.warnings(),
                    out -> printHuman(out, result));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "package", e, json, parent.verbose);
        }
    }

    private static Instant mtime(CliContext ctx) throws InvalidInputException {
        String epoch = ctx.env().get("SOURCE_DATE_EPOCH");
        if (epoch == null || epoch.isBlank()) {
            return PackageCommand.DEFAULT_MTIME;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(epoch.strip()));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("SOURCE_DATE_EPOCH " + Texts.quote(epoch) + " is not a number of seconds");
        }
    }

    private static void printHuman(PrintWriter out, PackageResult r) {
        out.println("package " + r.releaseTag() + ": " + r.tarball());
        out.println("  size:       " + r.size() + " bytes (" + r.compressor().toLowerCase().replace('_', ' ') + ")");
        out.println("  sha256:     " + r.sha256());
        out.println("  components: " + String.join(", ", r.components()));
        out.println("  SHA256SUMS: " + r.sha256sums());
        out.println("  report:     " + r.report());
        out.flush();
    }
}
