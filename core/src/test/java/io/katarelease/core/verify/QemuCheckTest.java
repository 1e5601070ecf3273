package io.katarelease.core.verify;

import static io.katarelease.core.verify.ReleaseTree.AT_TAG;
import static io.katarelease.core.verify.ReleaseTree.TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each qemu-system-* is an x86_64 ELF executable and reports the version versions.yaml names for
 * its variant ({@code qemu-system-x86_64-tdx-experimental} is {@code qemu-tdx-experimental}).
 */
class QemuCheckTest {
    static final String BIN = "opt/kata/bin/";

    @TempDir
    Path tmp;

    private static QemuCheck onThisHost() {
        return new QemuCheck(System.getProperty("os.name"), System.getProperty("os.arch"), Duration.ofSeconds(10));
    }

    @Test
    void noQemuIsOneSkip() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", TAG).file(BIN + "kata-runtime", "x")
                .extracted();

        assertThat(onThisHost().run(ctx)).containsExactly(new Check("QEMU", Status.SKIPPED,
                "the tarball has no opt/kata/bin/qemu-system-*"));
    }

    @Test
    void aDanglingLinkFailsAndIsNotRun() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).link(BIN + "qemu-system-x86_64", "../libexec/qemu").ref(AT_TAG)
                .extracted();

        assertThat(onThisHost().run(ctx)).containsExactly(
                new Check("ELF " + BIN + "qemu-system-x86_64", Status.FAILED,
                        "a link that does not resolve to a file inside the tarball (-> '../libexec/qemu')"),
                new Check("--version " + BIN + "qemu-system-x86_64", Status.SKIPPED, "not run: no file to run"));
    }

    @Test
    void aVariantIsComparedWithItsOwnEntry() throws Exception {
        assumeThat(VerifyCommandTest.x86_64Linux()).as("runs an x86_64 program").isTrue();
        CheckContext ctx = new ReleaseTree(tmp)
                .file(BIN + "qemu-system-x86_64-tdx-experimental", Images.elf("QEMU emulator version 9.2.0"))
                .file(BIN + "qemu-system-x86_64-kata", Images.elf("QEMU emulator version 11.0.1"))
                .file(BIN + "qemu-system-x86_64", Images.elf("banner\nQEMU emulator version 11.0.1-rc1 (kata)\nmore"))
                .ref(AT_TAG).extracted();

        assertThat(onThisHost().run(ctx)).extracting(Check::name, Check::detail).containsExactly(
                tuple("ELF " + BIN + "qemu-system-x86_64",
                        "x86_64 ELF executable, statically linked"),
                tuple("--version " + BIN + "qemu-system-x86_64",
                        "reports 'QEMU emulator version 11.0.1-rc1 (kata)', as .assets.hypervisor.qemu.version v11.0.1"),
                tuple("ELF " + BIN + "qemu-system-x86_64-kata",
                        "x86_64 ELF executable, statically linked"),
                tuple("--version " + BIN + "qemu-system-x86_64-kata",
                        "reports 'QEMU emulator version 11.0.1'; not compared: versions.yaml at " + TAG
                                + " has no .assets.hypervisor.qemu-kata"),
                tuple("ELF " + BIN + "qemu-system-x86_64-tdx-experimental",
                        "x86_64 ELF executable, statically linked"),
                tuple("--version " + BIN + "qemu-system-x86_64-tdx-experimental",
                        "reports 'QEMU emulator version 9.2.0'; not compared:"
                                + " .assets.hypervisor.qemu-tdx-experimental.tag is gpu-tdx-20260430, not a version number"));
    }

    @Test
    void aProgramThatIsNotQemuFailsWithWhatItPrinted() throws Exception {
        assumeThat(VerifyCommandTest.x86_64Linux()).as("runs an x86_64 program").isTrue();
        CheckContext ctx = new ReleaseTree(tmp).file(BIN + "qemu-system-x86_64", Images.elf("hello\u0007 world"))
                .extracted();

        assertThat(onThisHost().run(ctx).get(1)).isEqualTo(new Check("--version " + BIN + "qemu-system-x86_64",
                Status.FAILED, "does not report 'QEMU emulator version': hello? world"));
    }

    @Test
    void versionsAreTheSameWhenQemuAddsAPatchLevelOrSuffix() {
        assertThat(QemuCheck.sameVersion("10.1.0", "10.1.0")).isTrue();
        assertThat(QemuCheck.sameVersion("10.1.0-rc1", "10.1.0")).isTrue();
        assertThat(QemuCheck.sameVersion("10.1.0+kata", "10.1.0")).isTrue();
        assertThat(QemuCheck.sameVersion("10.1.0", "10.1")).isTrue();
        assertThat(QemuCheck.sameVersion("10.10.0", "10.1")).isFalse();
        assertThat(QemuCheck.sameVersion("11.0.10", "11.0.1")).isFalse();
    }
}
