package io.katarelease.cli;

import io.katarelease.core.ChildEnvironment;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.publish.GitHubReleaseHost;
import io.katarelease.core.publish.LocalReleaseHost;
import io.katarelease.core.publish.ReleaseHost;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a release goes: GitHub or a local directory; shared by {@code publish} and {@code release}. */
final class PublishTarget {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    static final class Target {
        @Option(names = "--github-repo", paramLabel = "OWNER/NAME", description = "Publish on this GitHub repository.")
        String githubRepo;

        @Option(names = "--to-dir", paramLabel = "PATH",
                description = "A local release directory: PATH/<tag>/ gets the assets, notes.md and release.json.")
        Path toDir;
    }

    @Option(names = "--github-api-url", defaultValue = "https://api.github.com", paramLabel = "URL",
            description = "GitHub API (GitHub Enterprise: https://HOST/api/v3; default: ${DEFAULT-VALUE}).")
    String githubApiUrl;

    @Option(names = "--github-token-file", paramLabel = "FILE",
            description = "Read the GitHub token from FILE (default: $KATA_RELEASE_GITHUB_TOKEN, then $GITHUB_TOKEN).")
    Path githubTokenFile;

    /** @return the host, or null when no target was given */
    ReleaseHost host(CliContext ctx, Progress progress) throws InvalidInputException {
        if (target == null) {
            return null;
        }
        if (target.toDir != null) {
            return new LocalReleaseHost(target.toDir);
        }
        TokenOptions tokens = new TokenOptions();
        tokens.tokenFile = githubTokenFile;
        return GitHubReleaseHost.create(githubApiUrl, target.githubRepo,
                tokens.resolve(ctx, ChildEnvironment.GITHUB_TOKEN, TokenOptions.GITHUB_ENV), progress,
                d -> Thread.sleep(d.toMillis()));
    }
}
