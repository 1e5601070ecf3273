package io.katarelease.cli;

import io.katarelease.core.KataRelease;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.git.Remote;
import io.katarelease.core.tags.TagsCommand.TagsResult;
import io.katarelease.core.tags.TagsCommand.UpstreamTag;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tags", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "List the upstream release tags the fork has not released yet (no <tag>-<suffix>-<n> tag in the fork), "
                + "oldest first in version order (3.9.0 before 3.10.0). Two ls-remote calls, no clone: what a "
                + "'new upstream tag' trigger runs.",
            ""
        })
final class TagsCli extends Verb {
    @Option(names = "--upstream", required = true, paramLabel = "URL", description = "Upstream repository.")
    String upstreamUrl;

    @Option(names = "--fork", required = true, paramLabel = "URL", description = "The fork.")
    String forkUrl;

    @Option(names = "--suffix", defaultValue = KataRelease.DEFAULT_SUFFIX, paramLabel = "NAME",
            description = "Release tags are <tag>-<suffix>-<n> (default: ${DEFAULT-VALUE}).")
    String suffix;

    @Option(names = "--since", paramLabel = "VERSION", description = "Only tags at or after this version.")
    String since;

    @Option(names = "--tag-pattern", defaultValue = RefNames.DEFAULT_TAG_PATTERN, paramLabel = "REGEX",
            description = "Regex the whole upstream tag must match (default: ${DEFAULT-VALUE}).")
    String tagPattern;

    @Mixin
    TokenOptions token = new TokenOptions();

    @Override
    public Integer call() {
        CliContext ctx = ctx();
        TerminalProgress progress = progress();
        try {
            Secret secret = token.resolve(ctx);
            TagsResult result = KataRelease.tags()
                    .setUpstream(Remote.of("upstream", upstreamUrl, Remote.sameServer(upstreamUrl, forkUrl) ? secret : null))
                    .setFork(Remote.of("fork", forkUrl, secret)).setSuffix(suffix).setSince(since)
                    .setTagPattern(tagPattern).call();
            return Outcomes.success(ctx, progress, "tags", json, result, List.of(), out -> printHuman(out, result));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "tags", e, json, parent.verbose);
        }
    }

    private static void printHuman(PrintWriter out, TagsResult r) {
        if (r.pending().isEmpty()) {
            out.println("no upstream tag waits for a release");
        }
        for (UpstreamTag t : r.pending()) {
            out.println(t.tag() + "  " + Texts.shortId(t.commit()));
        }
        out.flush();
    }
}
