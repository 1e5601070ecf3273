package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katarelease.core.testing.KataRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build verb on a small kata-shaped checkout whose build command makes a real tar.xz. */
class BuildCliTest {
    @TempDir
    Path tmp;

    Path kata;

    @BeforeEach
    void checkout() throws Exception {
        kata = kernelCheckout(tmp.resolve("kata"));
    }

    /** @return a small kata checkout at {@code kata} whose kernel series is one patch */
    static Path kernelCheckout(Path kata) throws Exception {
        write(kata, "versions.yaml", KataRepos.fixture("io/katarelease/core/sandbox/4.1.0.yaml"));
        write(kata, "tools/packaging/scripts/apply_patches.sh", "#!/bin/bash\n");
        write(kata, "tools/packaging/kernel/kata_config_version", "202\n");
        write(kata, "tools/packaging/kernel/patches/6.18.x/0001-do-fix.patch", "--- a/x\n+++ b/x\n");
        write(kata, "tools/packaging/kernel/patches/6.18.x/dragonball-experimental/no_patches.txt", "");
        return kata;
    }

    private static void write(Path kata, String path, String content) throws Exception {
        Files.createDirectories(kata.resolve(path).getParent());
        Files.writeString(kata.resolve(path), content);
    }

    private void write(String path, String content) throws Exception {
        write(kata, path, content);
    }

    private CliRun build(String command, String... extra) {
        String[] base = {"build", "kernel", "--repo", kata.toString(), "--cache", tmp.resolve("cache").toString(),
            "--command", command};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(Map.of(), args);
    }

    static final String GOOD = "mkdir -p build s/opt/kata/share/kata-containers && echo k > "
            + "s/opt/kata/share/kata-containers/vmlinuz-6.18.35-202 && echo built && "
            + "tar -cJf build/kata-static-kernel.tar.xz -C s ./opt";

    @Test
    void buildsThenHitsAndStreamsTheOutput() throws Exception {
        CliRun first = build(GOOD);

        assertThat(first.exitCode()).as(first.err()).isEqualTo(0);
        assertThat(first.out()).contains("build kernel v6.18.35: built", "tools/packaging/kernel/patches/6.18.x/0001-do-fix.patch",
                "kata-static-kernel.tar.xz");
        assertThat(first.err()).contains("kernel | built");

        CliRun second = build(GOOD, "--json");

        assertThat(second.exitCode()).isEqualTo(0);
        JsonNode record = second.json().get("result").get("record");
        assertThat(record.get("fromCache").asBoolean()).isTrue();
        assertThat(record.get("environment").get("USE_CACHE").asText()).isEqualTo("no");
    }

    @Test
    void aFailingBuildExitsElevenWithItsLastLines() throws Exception {
        CliRun run = build("echo 'cc: fatal error'; exit 2", "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BUILD_FAILED);
        assertThat(run.err()).contains("exited with 2", "cc: fatal error");
        assertThat(run.json().get("error").get("details").get("exitCode").asInt()).isEqualTo(2);
    }

    @Test
    void anUnknownComponentIsAUsageError() {
        assertThat(CliRun.of(Map.of(), "build", "firmware", "--repo", kata.toString()).exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }
}
