package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katarelease.core.KataRelease;
import io.katarelease.core.git.Remote;
import io.katarelease.core.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inspect on the sandbox fork after a sync: a real repository on disk, read in place or by URL. */
class InspectCliTest {
    @TempDir
    Path tmp;

    Sandbox sandbox;

    @BeforeEach
    void releasedSandbox() throws Exception {
        sandbox = Sandbox.create(tmp.resolve("sandbox"));
        KataRelease.sync().setUpstream(Remote.of("upstream", sandbox.upstreamUrl(), null))
                .setFork(Remote.of("fork", sandbox.forkUrl(), null)).setTag("4.1.0").setWorkDir(sandbox.workDir())
                .call();
    }

    @Test
    void aLocalForkShowsTheSeriesWithCarriedPatchesAndTheTraps() {
        CliRun run = CliRun.of(Map.of(), "inspect", "--repo", sandbox.dir().resolve("fork.git").toString(),
                "--ref", "do/4.1.0", "--base-ref", "4.1.0");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("inspect do/4.1.0", "kata_config_version: 202 (base: 202)",
                "qemu  .assets.hypervisor.qemu.version = v11.0.1", "tools/packaging/qemu/patches/tag_patches/v11.0.1",
                Sandbox.QEMU_PATCH.substring(Sandbox.QEMU_PATCH.lastIndexOf('/') + 1),
                "kernel  .assets.kernel-dragonball-experimental.version = v6.18.35  (build type dragonball-experimental)",
                "carried");
        assertThat(run.err()).contains("warning: ", "kata_config_version is still 202");
    }

    @Test
    void aUrlIsFetchedIntoTheCacheAndJsonHasTheOrigins() throws Exception {
        CliRun run = CliRun.of(Map.of(), "inspect", "--repo", sandbox.forkUrl(), "--ref", "do/4.1.0",
                "--base-ref", "4.1.0", "--work-dir", tmp.resolve("work").toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        JsonNode result = run.json().get("result");
        JsonNode kernel = null;
        for (JsonNode c : result.get("components")) {
            if (c.get("path").asText().equals(".assets.kernel.version")) {
                kernel = c;
            }
        }
        assertThat(kernel).isNotNull();
        JsonNode patch = kernel.get("directories").get(0).get("patches").get(0);
        assertThat(patch.get("path").asText()).isEqualTo(Sandbox.KERNEL_PATCH);
        assertThat(patch.get("origin").asText()).isEqualTo("CARRIED");
        assertThat(result.get("warnings").toString()).contains("kata_config_version");
    }

    @Test
    void badRefsAndRepositoriesHaveTheirExitCodes() {
        String fork = sandbox.dir().resolve("fork.git").toString();
        assertThat(CliRun.of(Map.of(), "inspect", "--repo", fork, "--ref", "do/9.9.9").exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(CliRun.of(Map.of(), "inspect", "--repo", fork, "--ref", "--upload-pack=x").exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(CliRun.of(Map.of(), "inspect", "--repo", fork, "--ref=-x").exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(CliRun.of(Map.of(), "inspect", "--repo", tmp.resolve("nothing").toString(), "--ref", "main")
                .exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(CliRun.of(Map.of(), "inspect", "--repo", sandbox.forkUrl(), "--ref", "0123abc",
                "--work-dir", tmp.resolve("work").toString()).exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    }
}
