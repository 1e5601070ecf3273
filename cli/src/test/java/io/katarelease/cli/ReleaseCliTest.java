package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katarelease.core.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job from the command line, on the offline sandbox. */
class ReleaseCliTest {


    @TempDir
    Path tmp;

    @Test
    void dryRunThenReleaseThenStatus() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        List<String> base = List.of("release", "--upstream", sandbox.upstreamUrl(), "--fork", sandbox.forkUrl(),
                "--tag", "4.1.0", "--work-dir", sandbox.workDir().toString(), "--state", tmp.resolve("state").toString(),
                "--cache", tmp.resolve("cache").toString(), "--build-command", Sandbox.BUILD_COMMAND);

        List<String> dry = new ArrayList<>(base);
        dry.add("--dry-run");
        CliRun plan = CliRun.of(Map.of(), dry.toArray(String[]::new));
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("dry run: nothing was changed", "build qemu", "planned");

        List<String> real = new ArrayList<>(base);
        real.addAll(List.of("--to-dir", tmp.resolve("releases").toString(), "--json"));
        CliRun run = CliRun.of(Map.of(), real.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = run.json().get("result");
        assertThat(result.get("releaseTag").asText()).isEqualTo("4.1.0-digitalocean-0");
        assertThat(result.get("published").get("assets")).hasSize(3);
        assertThat(result.get("verification").get("passed").asBoolean()).isTrue();
        assertThat(result.get("stages").findValuesAsText("name")).containsSubsequence("package", "verify", "publish");
        // the hand-off: the release URL, and every asset's download URL and SHA-256
        assertThat(result.get("published").get("releaseUrl").asText()).endsWith("/releases/4.1.0-digitalocean-0/");
        for (JsonNode asset : result.get("published").get("assets")) {
            Path file = tmp.resolve("releases/4.1.0-digitalocean-0").resolve(asset.get("name").asText());
            assertThat(asset.get("url").asText()).isEqualTo(file.toUri().toString());
            assertThat(asset.get("sha256").asText()).isEqualTo(io.katarelease.core.build.Digests.sha256(file));
        }
        assertThat(tmp.resolve("releases/4.1.0-digitalocean-0/4.1.0-digitalocean-0-x86_64.tar.xz")).exists();

        CliRun status = CliRun.of(Map.of(), "status", "--tag", "4.1.0", "--state", tmp.resolve("state").toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("release 4.1.0-digitalocean-0", "publish        done", "hand off       done")
                .doesNotContain("not done");

        CliRun none = CliRun.of(Map.of(), "status", "--tag", "9.9.9", "--state", tmp.resolve("state").toString());
        assertThat(none.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);

        List<String> noTarget = new ArrayList<>(base);
        CliRun missing = CliRun.of(Map.of(), noTarget.toArray(String[]::new));
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err()).contains("no release target");
    }
}
