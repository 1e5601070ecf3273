package io.katarelease.core.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.build.Digests;
import io.katarelease.core.verify.VerifyResult;
import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseReportTest {
    @TempDir
    Path tmp;

    private static VerifyResult result(Status qemu, String detail) {
        return VerifyResult.of("t-0-x86_64.tar.xz", "ab".repeat(32), "t-0", "versions.yaml at t-0", List.of(
                new Check("tarball", Status.PASSED, "lists and extracts: 9 members, 2048 bytes of files"),
                new Check("ELF opt/kata/bin/qemu-system-x86_64", qemu, detail),
                new Check("--version opt/kata/bin/qemu-system-x86_64", Status.SKIPPED, "not run: this host is Linux"
                        + " aarch64, not x86_64 Linux")));
    }

    @Test
    void theVerificationIsTheReportsLastSectionOnceAndSha256sumsFollowsTheReport() throws Exception {
        Path report = Files.writeString(tmp.resolve("t-0-report.md"), "# t-0\n\n## Assets\n\n| a | b |\n");
        Files.writeString(tmp.resolve("t-0-x86_64.tar.xz"), "tarball");
        Path sums = Files.writeString(tmp.resolve("SHA256SUMS"), Digests.sha256("tarball") + "  t-0-x86_64.tar.xz\n"
                + Digests.sha256(report) + "  t-0-report.md\n");

        ReleaseReport.addVerification(report, sums, result(Status.PASSED, "x86_64 ELF executable, statically linked"));
        String once = Files.readString(report);
        ReleaseReport.addVerification(report, sums, result(Status.PASSED, "x86_64 ELF executable, statically linked"));

        assertThat(report).hasContent(once);
        assertThat(once).startsWith("# t-0\n\n## Assets\n\n| a | b |\n\n## Verification\n\n`kata-release verify` checked"
                + " t-0-x86_64.tar.xz (sha256 `" + "ab".repeat(32) + "`) against versions.yaml at t-0 before"
                + " publishing: 2 passed, 0 failed, 1 skipped.\n");
        assertThat(once).contains("| ELF opt/kata/bin/qemu-system-x86_64 | passed | x86_64 ELF executable, statically"
                + " linked |\n", "| --version opt/kata/bin/qemu-system-x86_64 | skipped | not run:");
        assertThat(sums).hasContent(Digests.sha256("tarball") + "  t-0-x86_64.tar.xz\n" + Digests.sha256(report)
                + "  t-0-report.md\n");
        Process p = new ProcessBuilder("sha256sum", "-c", "SHA256SUMS").directory(tmp.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        ReleaseReport.addVerification(report, sums, result(Status.FAILED, "not an ELF file | a script"));

        String replaced = Files.readString(report);
        assertThat(replaced.split("## Verification", -1)).hasSize(2);
        assertThat(replaced).contains("| ELF opt/kata/bin/qemu-system-x86_64 | failed | not an ELF file \\| a script |")
                .doesNotContain("statically linked");
        assertThat(Files.readString(sums)).contains(Digests.sha256(report) + "  t-0-report.md");
    }
}
