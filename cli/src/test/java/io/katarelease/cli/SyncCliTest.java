package io.katarelease.cli;

import static io.katarelease.core.testing.KataRepos.KATA_CONFIG_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katarelease.core.testing.KataRepos;
import io.katarelease.core.testing.KataReposTest;
import io.katarelease.core.testing.TokenGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

class SyncCliTest extends KataReposTest {
    private static final String TOKEN = "ghp_cliTokenThatMustNeverBePrinted42";

    private CliRun sync(Map<String, String> env, String... extra) {
        List<String> args = new ArrayList<>(List.of("sync", "--upstream", repos.upstreamUrl(), "--fork",
                repos.forkUrl(), "--work-dir", tmp.resolve("work").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(env, args.toArray(String[]::new));
    }

    @Test
    void aFirstReleasePrintsTheCarriedCommitsAndRefs() throws Exception {
        CliRun run = sync(Map.of(), "--tag", "4.1.0");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("sync 4.1.0: pushed 4.1.0-digitalocean-0 (new)",
                "applied", "kernel: carry DO virtio fix", "refs/heads/do/4.1.0", "refs/kata-release/backup/do/main/");
        assertThat(run.err()).contains("» fetching upstream main and tag 4.1.0", "» pushing");
        assertThat(repos.forkRef("refs/tags/4.1.0-digitalocean-0")).isNotNull();
    }

    @Test
    void aRerunSaysTheForkAlreadyHoldsTheReleaseAndExitsZero() {
        sync(Map.of(), "--tag", "4.1.0");

        CliRun again = sync(Map.of(), "--tag", "4.1.0");

        assertThat(again.exitCode()).isEqualTo(0);
        assertThat(again.out()).contains("the fork already holds 4.1.0-digitalocean-0; nothing to push");
    }

    @Test
    void jsonGivesRefsCommitsAndTheReleaseTag() throws Exception {
        CliRun run = sync(Map.of(), "--tag", "4.1.0", "--json", "--dry-run");

        assertThat(run.exitCode()).isEqualTo(0);
        JsonNode doc = run.json();
        assertThat(doc.get("exitCode").asInt()).isEqualTo(0);
        JsonNode result = doc.get("result");
        assertThat(result.get("status").asText()).isEqualTo("DRY_RUN");
        assertThat(result.get("releaseTag").asText()).isEqualTo("4.1.0-digitalocean-0");
        assertThat(result.get("release")).hasSize(3);
        assertThat(result.get("release").get(0).get("disposition").asText()).isEqualTo("APPLIED");
        List<String> refs = new ArrayList<>();
        result.get("refs").forEach(r -> refs.add(r.get("ref").asText() + " " + r.get("kind").asText()));
        assertThat(refs).contains("refs/heads/main FAST_FORWARD", "refs/heads/do/main REWRITE",
                "refs/heads/do/4.1.0 CREATE", "refs/tags/4.1.0-digitalocean-0 CREATE");
        assertThat(repos.forkRef("refs/heads/do/4.1.0")).isNull();
    }

    @Test
    void aConflictExitsFiveWithTheReportInJson() throws Exception {
        repos.forkCommit(KATA_CONFIG_VERSION, "201\n", "kernel: bump kata_config_version for DO patches");
        Map<String, ObjectId> before = repos.forkRefs();

        CliRun run = sync(Map.of(), "--tag", "4.1.0", "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(run.err()).contains("does not apply onto upstream main", KATA_CONFIG_VERSION);
        JsonNode error = run.json().get("error");
        assertThat(error.get("reason").asText()).isEqualTo("CONFLICT");
        assertThat(error.get("details").get("paths").get(0).asText()).isEqualTo(KATA_CONFIG_VERSION);
        assertThat(error.get("details").get("upstreamChanges").get(0).get("subject").asText())
                .isEqualTo("release: Bump version to 4.1.0");
        assertThat(repos.forkRefs()).isEqualTo(before);
    }

    @Test
    void eachKindOfBadInputHasItsOwnExitCode() {
        assertThat(sync(Map.of(), "--tag", "--upload-pack=evil").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sync(Map.of(), "--tag", "v4.1.0").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sync(Map.of(), "--tag", "4.1.7").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(sync(Map.of(), "--tag", "4.1.0", "--tag-pattern", "([0-9").exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sync(Map.of(), "--tag", "4.1.0", "--suffix", "do-it").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sync(Map.of(), "--tag", "4.1.0", "--git-token-file", tmp.resolve("missing").toString())
                .exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sync(Map.of(), "--tag", "4.1.0", "--committer", "nobody").exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(CliRun.of(Map.of(), "sync", "--tag", "4.1.0").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of(Map.of(), "frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theNearestTagsAreNamedForATypo() {
        CliRun run = sync(Map.of(), "--tag", "4.1.00");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).contains("has no tag '4.1.00'", "Nearest upstream release tags: 4.1.0");
    }

    @Test
    void theTokenComesFromTheEnvironmentOrAFileAndIsNeverPrinted() throws Exception {
        try (TokenGitServer server = new TokenGitServer(repos.dir, TOKEN)) {
            String[] base = {"sync", "--upstream", server.url("upstream.git"), "--fork", server.url("fork.git"),
                "--tag", "4.1.0", "--work-dir", tmp.resolve("work").toString(), "--verbose"};

            CliRun noToken = CliRun.of(Map.of(), base);
            assertThat(noToken.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
            assertThat(noToken.err()).contains("KATA_RELEASE_GIT_TOKEN");

            CliRun wrong = CliRun.of(Map.of("GITHUB_TOKEN", "ghp_wrong0000000000"), base);
            assertThat(wrong.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
            assertThat(wrong.out() + wrong.err()).doesNotContain("ghp_wrong0000000000");

            Path file = tmp.resolve("token");
            Files.writeString(file, TOKEN + "\n");
            List<String> withFile = new ArrayList<>(List.of(base));
            withFile.addAll(List.of("--git-token-file", file.toString(), "--json"));
            CliRun ok = CliRun.of(Map.of("GITHUB_TOKEN", "ghp_wrong0000000000"), withFile.toArray(String[]::new));
            assertThat(ok.exitCode()).as(ok.err()).isEqualTo(0);
            assertThat(ok.json().get("result").get("status").asText()).isEqualTo("PUSHED");
            assertThat(ok.out() + ok.err()).doesNotContain(TOKEN);

            CliRun env = CliRun.of(Map.of("KATA_RELEASE_GIT_TOKEN", TOKEN), base);
            assertThat(env.exitCode()).isEqualTo(0);
            assertThat(env.out()).contains("already holds 4.1.0-digitalocean-0");
            assertThat(env.out() + env.err()).doesNotContain(TOKEN);
        }
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun run = CliRun.of(Map.of(), "--help");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains("Exit codes:", "sync").containsPattern("5 +conflict").containsPattern("10 +the fork.s server refused");
    }
}
