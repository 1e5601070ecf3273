package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.build.Tarballs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SandboxCliTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(300) // a guard against a hang, not a speed target (that belongs in a benchmark)
    void theSandboxRunsTheWholeReleaseOfflineTwice() throws Exception {
        Path dir = tmp.resolve("sandbox");

        CliRun run = CliRun.of(Map.of(), "sandbox", "--dir", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("sync 4.1.0: pushed 4.1.0-digitalocean-0 (new)",
                "First run:", "Second run:", "publish", "The release 4.1.0-digitalocean-0 is in");
        assertThat(run.out().substring(run.out().indexOf("First run:"), run.out().indexOf("Second run:")))
                .contains("verify         ran      ", " passed, 0 failed, ");
        assertThat(run.out().substring(run.out().indexOf("Second run:"), run.out().indexOf("The release")))
                .contains("package        skipped", "build qemu     skipped", "verify         skipped",
                        "publish        skipped");
        assertThat(run.out()).containsPattern("Verified before publishing: (10 passed, 0 failed, 0|9 passed, 0 failed, 1) skipped");
        Path tarball = dir.resolve("releases/4.1.0-digitalocean-0/4.1.0-digitalocean-0-x86_64.tar.xz");
        assertThat(Tarballs.list(tarball)).contains("opt/kata/bin/qemu-system-x86_64",
                "opt/kata/share/kata-release/kernel-patches.txt", "opt/kata/versions.yaml");
        assertThat(Files.readString(dir.resolve("releases/4.1.0-digitalocean-0/notes.md")))
                .contains("qemu: carry virtio-net tx queue tuning");
    }
}
