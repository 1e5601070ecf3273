package io.katarelease.cli;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.publish.PublishCommand;
import io.katarelease.core.publish.PublishResult;
import io.katarelease.core.publish.ReleaseHost;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Publish the files of --assets as the release named after --release-tag: a draft first, every asset "
                + "copied and checked (size and SHA-256), then made public unless --draft.",
            "",
            "Re-runs converge: the release is found again, assets with the same name and content are kept, missing "
                + "ones are added; a same-name asset with other content stops the run before anything changes "
                + "(exit 13) unless --replace. Targets: a GitHub repository (the tag must exist there; sync pushes "
                + "it) or a local release directory.",
            ""
        })
final class PublishCli extends Verb {
    @Option(names = "--release-tag", required = true, paramLabel = "TAG", description = "The release tag.")
    String releaseTag;

    @Option(names = "--assets", required = true, paramLabel = "DIR", description = "The assets (package's output).")
    Path assets;

    @Mixin
    PublishTarget target = new PublishTarget();

    @Option(names = "--notes", paramLabel = "FILE", description = "Release notes (Markdown), e.g. package's report.")
    Path notes;

    @Option(names = "--draft", description = "Leave the release a draft.")
    boolean draft;

    @Option(names = "--replace", description = "Replace same-name assets that have other content.")
    boolean replace;

    @Override
    public Integer call() {
        CliContext ctx = ctx();
        TerminalProgress progress = progress();
        try {
            ReleaseHost host = target.host(ctx, progress);
            if (host == null) {
                throw new InvalidInputException("give --github-repo OWNER/NAME or --to-dir PATH");
            }
            PublishResult result = new PublishCommand().setReleaseTag(releaseTag).setAssets(assets).setNotes(notes)
                    .setHost(host).setDraft(draft).setReplace(replace).setProgress(progress).call();
            return Outcomes.success(ctx, progress, "publish", json, result, result.warnings(),
                    out -> printHuman(out, result));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "publish", e, json, parent.verbose);
        }
    }

    private static void printHuman(PrintWriter out, PublishResult r) {
        out.println("publish " + r.releaseTag() + ": " + (r.draft() ? "draft" : "published") + " in " + r.host());
        out.println("  release: " + r.releaseUrl());
        for (ReleaseHost.Asset a : r.assets()) {
            out.println("  " + a.name() + "  " + a.size() + " bytes  sha256 " + a.sha256()
                    + (r.uploaded().contains(a.name()) ? "  (uploaded)" : "  (kept)"));
            out.println("    " + a.url());
        }
        out.flush();
    }
}
