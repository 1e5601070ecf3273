package io.katarelease.cli;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RepositorySource;
import io.katarelease.core.inspect.InspectCommand;
import io.katarelease.core.inspect.InspectResult;
import io.katarelease.core.inspect.InspectResult.ComponentPlan;
import io.katarelease.core.inspect.InspectResult.PatchDirectory;
import io.katarelease.core.inspect.InspectResult.PatchFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Show what a ref builds: the QEMU and kernel versions of its versions.yaml, the patch "
                + "directories kata's scripts select for each, the patches in the order kata applies them "
                + "(byte order of names), and kata_config_version.",
            "",
            "With --base-ref (the upstream tag), each patch is marked carried (the fork added it), modified or "
                + "upstream, and the traps a fork hits are listed: fork patches left in a directory no entry "
                + "selects, kernel changes without a kata_config_version change, missing or unmarked directories, "
                + "numbering that does not sort as numbers.",
            ""
        })
final class InspectCli extends Verb {
    @Option(names = "--repo", required = true, paramLabel = "PATH_OR_URL",
            description = "A local repository (read in place) or a URL (its refs are fetched into the cache).")
    String repo;

    @Option(names = "--ref", required = true, paramLabel = "REF", description = "Branch, tag or commit id to inspect.")
    String ref;

    @Option(names = "--base-ref", paramLabel = "REF", description = "Upstream ref to compare with (e.g. the upstream tag).")
    String baseRef;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Cache for URL repositories (default: $XDG_CACHE_HOME/kata-release or ~/.cache/kata-release).")
    Path workDir;

    @Mixin
    TokenOptions token = new TokenOptions();

    @Override
    public Integer call() throws IOException {
        CliContext ctx = ctx();
        TerminalProgress progress = progress();
        try (RepositorySource source = RepositorySource.open(repo, ref, baseRef,
                workDir, token.resolve(ctx), progress)) {
            InspectResult result = new InspectCommand().setRepository(source.repository()).setRef(ref)
                    .setBaseRef(baseRef).call();
            return Outcomes.success(ctx, progress, "inspect", json, result, result.warnings(),
                    out -> printHuman(out, result));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "inspect", e, json, parent.verbose);
        }
    }

    static void printHuman(PrintWriter out, InspectResult r) {
        out.println("inspect " + r.ref() + " (" + Texts.shortId(r.commit()) + ")"
                + (r.baseRef() == null ? "" : " against " + r.baseRef() + " (" + Texts.shortId(r.baseCommit()) + ")"));
        out.println("  kata_config_version: " + r.kataConfigVersion()
                + (r.baseRef() == null ? "" : " (base: " + r.baseKataConfigVersion() + ")")
                + (r.legacyRules() ? "; 2.0.x patch rules (no common applier)" : ""));
        for (ComponentPlan p : r.components()) {
            out.println();
            out.println(p.component().id() + "  " + p.path() + " = " + p.version()
                    + (p.buildType() == null ? "" : "  (build type " + p.buildType() + ")"));
            for (PatchDirectory d : p.directories()) {
                out.printf("  %-70s %s%n", d.path(), state(d));
                for (PatchFile f : d.patches()) {
                    out.printf("    %-68s %s%n", f.name(), f.origin().name().toLowerCase(Locale.ROOT));
                }
            }
        }
        out.flush();
    }

    private static String state(PatchDirectory d) {
        return switch (d.state()) {
            case PATCHES -> d.patches().size() + (d.patches().size() == 1 ? " patch" : " patches");
            case NO_PATCHES_MARKED -> "no patches (no_patches.txt)";
            case NO_PATCHES_UNMARKED -> "no patches, no no_patches.txt";
            case MISSING -> "MISSING";
            case FROM_SOURCE_TREE -> "from the QEMU tree's VERSION";
            case SKIPPED -> "skipped (QEMU development tree)";
            case NOT_USED -> "not used by this tree's scripts";
        };
    }
}
