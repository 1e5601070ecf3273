package io.katarelease.cli;

import static io.katarelease.cli.SandboxReleases.TAG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katarelease.core.build.Digests;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.testing.KataRepos;
import io.katarelease.core.verify.Images;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCliTest {
    @TempDir
    Path tmp;

    @Test
    void verifiesAPublishedReleaseAgainstTheForksReleaseTag() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        Path asset = SandboxReleases.released(sandbox);
        String fork = sandbox.dir().resolve("fork.git").toString();

        CliRun run = CliRun.of(Map.of("TMPDIR", tmp.toString()), "verify", "--asset", asset.toString(), "--repo", fork);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("verify " + TAG + "-x86_64.tar.xz: passed (").endsWith(" 0 failed, "
                + lines.get(0).replaceAll(".* ([0-9]+) skipped\\)$", "$1") + " skipped)");
        assertThat(lines.get(1)).isEqualTo("  release tag " + TAG + ", versions from versions.yaml at " + TAG);
        assertThat(lines.subList(2, lines.size())).allMatch(l -> l.matches("  (passed|skipped) +[^:]+: .+"))
                .contains("  passed   VERSION: opt/kata/VERSION is " + TAG + ", the release tag (from the asset's name)",
                        "  passed   versions.yaml: opt/kata/versions.yaml is versions.yaml at " + TAG,
                        "  passed   name opt/kata/share/kata-containers/vmlinuz-6.18.35-202: vmlinuz-6.18.35-202"
                                + " carries kata_config_version 202",
                        "  passed   link opt/kata/share/kata-containers/vmlinuz.container: -> vmlinuz-6.18.35-202",
                        "  passed   SHA256SUMS: 2 files match: " + TAG + "-x86_64.tar.xz, " + TAG + "-report.md");

        CliRun json = CliRun.of(Map.of(), "verify", "--asset", asset.toString(), "--repo", fork, "--ref", TAG, "--json");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode result = json.json().get("result");
        assertThat(result.get("passed").asBoolean()).isTrue();
        assertThat(result.get("sha256").asText()).isEqualTo(Digests.sha256(asset));
        assertThat(result.get("checks")).hasSize(lines.size() - 2);
        assertThat(result.get("checks").get(0).get("name").asText()).isEqualTo("tarball");
        assertThat(result.get("checks").get(0).get("status").asText()).isEqualTo("PASSED");
    }

    private Path brokenRelease() throws Exception {
        Path stage = tmp.resolve("stage");
        Map<String, byte[]> files = Map.of(
                "opt/kata/VERSION", (TAG + "\n").getBytes(StandardCharsets.UTF_8),
                "opt/kata/versions.yaml", KataRepos.fixture("io/katarelease/core/sandbox/4.1.0.yaml")
                        .getBytes(StandardCharsets.UTF_8),
                "opt/kata/bin/qemu-system-x86_64", "#!/bin/sh\necho 'QEMU emulator version 11.0.1'\n"
                        .getBytes(StandardCharsets.UTF_8),
                "opt/kata/share/kata-containers/vmlinuz-6.18.35-202", Images.bzImage("6.18.35 (builder@kata) #1 SMP"));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = stage.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        Path out = Files.createDirectories(tmp.resolve("release"));
        Path asset = SandboxReleases.tarOpt(stage, out.resolve(TAG + "-x86_64.tar.xz"));
        Files.writeString(out.resolve("SHA256SUMS"), Digests.sha256(asset) + "  " + asset.getFileName() + "\n");
        return asset;
    }

    @Test
    void aFailedCheckExitsFourteenWithEveryCheckPrinted() throws Exception {
        Path asset = brokenRelease();

        CliRun run = CliRun.of(Map.of(), "verify", "--asset", asset.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.VERIFY_FAILED).isEqualTo(14);
        assertThat(run.out()).startsWith("verify " + TAG + "-x86_64.tar.xz: FAILED (")
                .contains("  release tag " + TAG + ", versions from opt/kata/versions.yaml in the tarball\n",
                        "  failed   ELF opt/kata/bin/qemu-system-x86_64: not an ELF file (it starts with bytes 23 21 2f 62",
                        "  skipped  --version opt/kata/bin/qemu-system-x86_64: not run: not an x86_64 ELF executable\n",
                        "  skipped  versions.yaml: not compared: no repository and ref given",
                        "  skipped  kernel links: the tarball has no opt/kata/share/kata-containers/vmlinu[xz]*.container\n",
                        "  passed   SHA256SUMS: 1 file matches");
        assertThat(run.err()).contains("kata-release verify: " + TAG + "-x86_64.tar.xz failed 1 of ",
                "ELF opt/kata/bin/qemu-system-x86_64: not an ELF file");

        CliRun json = CliRun.of(Map.of(), "verify", "--asset", asset.toString(), "--json");

        assertThat(json.exitCode()).isEqualTo(14);
        JsonNode error = json.json().get("error");
        assertThat(error.get("reason").asText()).isEqualTo("VERIFY_FAILED");
        assertThat(error.get("details").get("passed").asBoolean()).isFalse();
        assertThat(error.get("details").get("checks")).anySatisfy(c -> {
            assertThat(c.get("name").asText()).isEqualTo("ELF opt/kata/bin/qemu-system-x86_64");
            assertThat(c.get("status").asText()).isEqualTo("FAILED");
        });
    }

    @Test
    void aMissingAssetExitsFourAndAnUnnamedReleaseTagThree() throws Exception {
        CliRun missing = CliRun.of(Map.of(), "verify", "--asset", tmp.resolve("none.tar.xz").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);

        Path renamed = Files.move(brokenRelease(), tmp.resolve("kata-static.tar.xz"));
        CliRun unnamed = CliRun.of(Map.of(), "verify", "--asset", renamed.toString(), "--repo", tmp.toString());
        assertThat(unnamed.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(unnamed.err()).contains("give --ref (or --release-tag)");

        CliRun help = CliRun.of(Map.of(), "--help");
        assertThat(help.out()).contains("14", "a check of the release tarball failed", "verify");
    }
}
