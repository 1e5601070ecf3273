package io.katarelease.cli;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RepositorySource;
import io.katarelease.core.verify.VerifyCommand;
import io.katarelease.core.verify.VerifyFailedException;
import io.katarelease.core.verify.VerifyResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Check a release tarball before it is published: it lists and extracts, holds opt/kata/VERSION equal to "
                + "the release tag, opt/kata/versions.yaml equal to --ref's and nothing outside opt/kata/; every "
                + "opt/kata/bin/qemu-system-* is an x86_64 ELF executable that runs with --version (on an x86_64 "
                + "host; no network or KVM) and reports versions.yaml's QEMU version; every guest kernel "
                + "(share/kata-containers/vmlinuz-*) is a bzImage of versions.yaml's kernel version whose name "
                + "carries kata_config_version; every vmlinu[xz]*.container link resolves inside the tarball; the "
                + "SHA256SUMS beside it matches the files.",
            "",
            "Each check is printed as passed, failed (with the reason) or skipped (with the reason). Any failure "
                + "exits 14. Without --repo, the versions come from the tarball's own versions.yaml and the "
                + "comparisons with the ref are skipped.",
            ""
        })
final class VerifyCli extends Verb {
    @Option(names = "--asset", required = true, paramLabel = "FILE", description = "The release tarball (.tar.xz or .tar.zst).")
    Path asset;

    @Option(names = "--repo", paramLabel = "PATH_OR_URL",
            description = "Repository holding --ref, whose versions.yaml and kata_config_version the tarball must match.")
    String repo;

    @Option(names = "--ref", paramLabel = "REF", description = "The release ref (default: the release tag).")
    String ref;

    @Option(names = "--release-tag", paramLabel = "TAG",
            description = "The tag opt/kata/VERSION must hold (default: from the asset's name, <tag>-<arch>.tar.xz).")
    String releaseTag;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Cache for a URL --repo.")
    Path workDir;

    @Mixin
    TokenOptions token = new TokenOptions();

    @Override
    public Integer call() throws IOException {
        CliContext ctx = ctx();
        TerminalProgress progress = progress();
        try {
            VerifyCommand command = new VerifyCommand().setAsset(asset).setReleaseTag(releaseTag).setProgress(progress);
            String tmp = ctx.env().get("TMPDIR");
            if (tmp != null && !tmp.isBlank()) {
                command.setWorkDir(Path.of(tmp));
            }
            VerifyResult result;
            try {
                if (repo != null) {
                    String releaseRef = ref != null ? ref : releaseTag != null ? releaseTag
                            : VerifyCommand.releaseTagOf(asset.getFileName().toString());
                    if (releaseRef == null) {
                        throw new InvalidInputException("give --ref (or --release-tag): the asset's name "
                                + Texts.quote(asset.getFileName().toString()) + " names no release tag");
                    }
                    try (RepositorySource source = RepositorySource.open(repo, releaseRef, null, workDir,
                            token.resolve(ctx), progress)) {
                        result = command.setRepository(source.repository(), releaseRef).call();
                    }
                } else {
                    result = command.call();
                }
            } catch (VerifyFailedException e) {
                if (!json) {
                    printHuman(ctx.out(), e.result());
                }
                return Outcomes.failure(ctx, "verify", e, json, parent.verbose);
            }
            return Outcomes.success(ctx, progress, "verify", json, result, java.util.List.of(),
                    out -> printHuman(out, result));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "verify", e, json, parent.verbose);
        }
    }

    static void printHuman(PrintWriter out, VerifyResult r) {
        out.println("verify " + r.asset() + ": " + (r.passed() ? "passed" : "FAILED") + " (" + r.summary() + ")");
        out.println("  release tag " + r.releaseTag() + ", versions from " + r.versionsFrom());
        printChecks(out, r);
        out.flush();
    }

    /** One line per check. */
    static void printChecks(PrintWriter out, VerifyResult r) {
        for (VerifyResult.Check c : r.checks()) {
            out.printf("  %-8s %s: %s%n", c.status().name().toLowerCase(Locale.ROOT), c.name(), c.detail());
        }
    }
}
