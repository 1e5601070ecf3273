package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxCliTest {
    @TempDir
    Path tmp;

    @Test
    void theSandboxRunsTheReleaseJobOfflineAndTellsWhatToLookAt() {
        Path dir = tmp.resolve("sandbox");

        CliRun run = CliRun.of(Map.of(), "sandbox", "--dir", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("sync 4.1.0: pushed 4.1.0-digitalocean-0 (new)",
                "qemu: carry virtio-net tx queue tuning", "refs/tags/4.1.0-digitalocean-0", "log --oneline");
        assertThat(run.err()).contains("» creating the sandbox", "» pushing 6 refs to the fork");

        // The command it suggests is a no-op on the sandbox it left.
        CliRun again = CliRun.of(Map.of(), "sync", "--upstream", dir.resolve("upstream.git").toUri().toString(),
                "--fork", dir.resolve("fork.git").toUri().toString(), "--tag", "4.1.0",
                "--work-dir", dir.resolve("work").toString());
        assertThat(again.exitCode()).isEqualTo(0);
        assertThat(again.out()).contains("already holds 4.1.0-digitalocean-0");
    }
}
