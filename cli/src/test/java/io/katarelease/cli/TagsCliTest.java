package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagsCliTest {
    @TempDir
    Path tmp;

    @Test
    void listsWhatWaitsForARelease() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        String[] args = {"tags", "--upstream", sandbox.upstreamUrl(), "--fork", sandbox.forkUrl(), "--since", "4.0.0"};

        CliRun before = CliRun.of(Map.of(), args);
        assertThat(before.exitCode()).isZero();
        assertThat(before.out()).startsWith("4.0.0").contains("4.1.0");

        CliRun sync = CliRun.of(Map.of(), "sync", "--upstream", sandbox.upstreamUrl(), "--fork", sandbox.forkUrl(),
                "--tag", "4.1.0", "--work-dir", sandbox.workDir().toString());
        assertThat(sync.exitCode()).isZero();

        CliRun after = CliRun.of(Map.of(), args[0], args[1], args[2], args[3], args[4], args[5], args[6], "--json");
        assertThat(after.json().get("result").get("pending").get(0).get("tag").asText()).isEqualTo("4.0.0");
        assertThat(after.json().get("result").get("pending")).hasSize(1);
        assertThat(after.json().get("result").get("released").get(0).get("releaseTags").get(0).asText())
                .isEqualTo("4.1.0-digitalocean-0");
    }
}
