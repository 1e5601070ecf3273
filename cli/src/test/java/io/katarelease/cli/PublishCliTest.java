package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishCliTest {
    @TempDir
    Path tmp;

    @Test
    void publishesToALocalDirectoryAndAConflictExitsThirteen() throws Exception {
        Path assets = Files.createDirectories(tmp.resolve("assets"));
        Files.writeString(assets.resolve("t-0-x86_64.tar.xz"), "tarball");
        String[] args = {"publish", "--release-tag", "t-0", "--assets", assets.toString(), "--to-dir",
            tmp.resolve("releases").toString(), "--json"};

        CliRun first = CliRun.of(Map.of(), args);

        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode result = first.json().get("result");
        assertThat(result.get("draft").asBoolean()).isFalse();
        assertThat(result.get("assets").get(0).get("url").asText()).endsWith("/releases/t-0/t-0-x86_64.tar.xz");
        assertThat(tmp.resolve("releases/t-0/t-0-x86_64.tar.xz")).hasContent("tarball");

        Files.writeString(assets.resolve("t-0-x86_64.tar.xz"), "other tarball");
        CliRun conflict = CliRun.of(Map.of(), args);

        assertThat(conflict.exitCode()).isEqualTo(ExitCodes.ASSET_CONFLICT);
        assertThat(conflict.json().get("error").get("details").get(0).asText()).isEqualTo("t-0-x86_64.tar.xz");
        assertThat(tmp.resolve("releases/t-0/t-0-x86_64.tar.xz")).hasContent("tarball");
    }

    @Test
    void publishesToGitHubWithTheTokenFromTheEnvironmentAndNeverPrintsIt() throws Exception {
        String token = "ghs_cliPublishToken0000000000000";
        try (io.katarelease.core.testing.FakeGitHub github = new io.katarelease.core.testing.FakeGitHub("o/r", token)) {
            github.addTag("t-0");
            Path assets = Files.createDirectories(tmp.resolve("assets"));
            Files.writeString(assets.resolve("t-0-x86_64.tar.xz"), "tarball");

            CliRun run = CliRun.of(Map.of("GITHUB_TOKEN", token), "publish", "--release-tag", "t-0", "--assets",
                    assets.toString(), "--github-repo", "o/r", "--github-api-url", github.apiUrl(), "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.json().get("result").get("releaseUrl").asText())
                    .isEqualTo("https://github.com/o/r/releases/tag/t-0");
            assertThat(run.out() + run.err()).doesNotContain(token);

            CliRun noToken = CliRun.of(Map.of(), "publish", "--release-tag", "t-0", "--assets", assets.toString(),
                    "--github-repo", "o/r", "--github-api-url", github.apiUrl());
            assertThat(noToken.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(noToken.err()).contains("GITHUB_TOKEN");

            CliRun both = CliRun.of(Map.of(), "publish", "--release-tag", "t-0", "--assets", assets.toString(),
                    "--github-repo", "o/r", "--to-dir", tmp.toString());
            assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        }
    }
}
