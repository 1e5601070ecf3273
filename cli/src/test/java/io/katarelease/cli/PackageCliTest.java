package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katarelease.core.KataRelease;
import io.katarelease.core.build.Tarballs;
import io.katarelease.core.git.Remote;
import io.katarelease.core.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageCliTest {
    @TempDir
    Path tmp;

    @Test
    void packagesTheSandboxReleaseWithItsVersionsYamlAndReport() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        KataRelease.sync().setUpstream(Remote.of("upstream", sandbox.upstreamUrl(), null))
                .setFork(Remote.of("fork", sandbox.forkUrl(), null)).setTag("4.1.0").setWorkDir(sandbox.workDir())
                .call();
        Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        Path stage = Files.createDirectories(tmp.resolve("stage/opt/kata/bin"));
        Files.writeString(stage.resolve("qemu-system-x86_64"), "qemu");
        Process tar = new ProcessBuilder("tar", "-cJf", artifacts.resolve("kata-static-qemu.tar.xz").toString(),
                "-C", tmp.resolve("stage").toString(), "./opt").inheritIO().start();
        assertThat(tar.waitFor()).isZero();

        CliRun run = CliRun.of(Map.of("SOURCE_DATE_EPOCH", "1764000000"), "package", "--release-tag",
                "4.1.0-digitalocean-0", "--artifacts", artifacts.toString(), "--repo",
                sandbox.dir().resolve("fork.git").toString(), "--base-ref", "4.1.0", "--out",
                tmp.resolve("out").toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = run.json().get("result");
        Path tarball = Path.of(result.get("tarball").asText());
        assertThat(tarball.getFileName().toString()).isEqualTo("4.1.0-digitalocean-0-x86_64.tar.xz");
        assertThat(Tarballs.list(tarball)).contains("opt/kata/versions.yaml", "opt/kata/VERSION",
                "opt/kata/bin/qemu-system-x86_64");
        assertThat(Files.readString(Path.of(result.get("report").asText()))).contains("Upstream: kata-containers 4.1.0");
    }

    @Test
    void anUnsafeComponentExitsThreeAndAnUnknownTagFour() throws Exception {
        Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        Path stage = Files.createDirectories(tmp.resolve("stage/etc"));
        Files.writeString(stage.resolve("hosts"), "evil");
        Process tar = new ProcessBuilder("tar", "-cJf", artifacts.resolve("kata-static-x.tar.xz").toString(),
                "-C", tmp.resolve("stage").toString(), "./etc").inheritIO().start();
        assertThat(tar.waitFor()).isZero();

        CliRun unsafe = CliRun.of(Map.of(), "package", "--release-tag", "t-0", "--artifacts", artifacts.toString(),
                "--out", tmp.resolve("out").toString());
        assertThat(unsafe.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(unsafe.err()).contains("outside opt/kata/", "nothing was written");

        CliRun badEpoch = CliRun.of(Map.of("SOURCE_DATE_EPOCH", "yesterday"), "package", "--release-tag", "t-0",
                "--artifacts", artifacts.toString());
        assertThat(badEpoch.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    }
}
