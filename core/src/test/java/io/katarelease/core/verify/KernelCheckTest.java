package io.katarelease.core.verify;

import static io.katarelease.core.verify.ReleaseTree.AT_TAG;
import static io.katarelease.core.verify.ReleaseTree.TAG;
import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each vmlinuz-* is a bzImage of the expected kernel version, named with the ref's kata_config_version. */
class KernelCheckTest {
    static final String KERNELS = "opt/kata/share/kata-containers/";

    @TempDir
    Path tmp;

    @Test
    void noKernelIsOneSkip() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file(KERNELS + "vmlinux-6.18.35-202", "x").ref(AT_TAG).extracted();

        assertThat(new KernelCheck().run(ctx)).containsExactly(new Check("kernel", Status.SKIPPED,
                "the tarball has no opt/kata/share/kata-containers/vmlinuz-*"));
    }

    @Test
    void eachImageIsCheckedThenItsNameInNameOrder() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp)
                .file(KERNELS + "vmlinuz-6.18.35-202-nvidia-gpu", Images.bzImage("6.18.35-nvidia-gpu #1"))
                .file(KERNELS + "vmlinuz-6.18.35-202", Images.bzImage("6.18.35 #1")).ref(AT_TAG).extracted();

        assertThat(new KernelCheck().run(ctx)).extracting(Check::name).containsExactly(
                "bzImage " + KERNELS + "vmlinuz-6.18.35-202", "name " + KERNELS + "vmlinuz-6.18.35-202",
                "bzImage " + KERNELS + "vmlinuz-6.18.35-202-nvidia-gpu",
                "name " + KERNELS + "vmlinuz-6.18.35-202-nvidia-gpu");
    }

    @Test
    void withoutKataConfigVersionAtTheRefTheNameIsNotCompared() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file(KERNELS + "vmlinuz-6.18.35-202", Images.bzImage("6.18.35 #1"))
                .ref(new AtRef(TAG, AT_TAG.versionsYaml(), null)).extracted();

        assertThat(new KernelCheck().run(ctx).get(1)).isEqualTo(new Check("name " + KERNELS + "vmlinuz-6.18.35-202",
                Status.SKIPPED, "not compared: no tools/packaging/kernel/kata_config_version at " + TAG));
    }

    @Test
    void withoutAKernelInVersionsYamlTheImageIsNotCompared() throws Exception {
        byte[] yaml = "assets:\n  hypervisor: {}\n".getBytes(StandardCharsets.UTF_8);
        CheckContext ctx = new ReleaseTree(tmp).file(KERNELS + "vmlinuz-6.18.35-202", Images.bzImage("6.18.35 #1"))
                .ref(new AtRef(TAG, yaml, "202")).extracted();

        assertThat(new KernelCheck().run(ctx).get(0)).isEqualTo(new Check("bzImage " + KERNELS + "vmlinuz-6.18.35-202",
                Status.PASSED, "Linux bzImage (boot protocol 2.15), version '6.18.35 #1'; not compared: versions.yaml at "
                        + TAG + " has no .assets.kernel"));
    }

    @Test
    void aReleaseIsOfAVersionWhenALocalVersionOrNothingFollows() {
        assertThat(KernelCheck.releaseMatches("6.18.35", "v6.18.35")).isTrue();
        assertThat(KernelCheck.releaseMatches("6.18.35-nvidia-gpu", "v6.18.35")).isTrue();
        assertThat(KernelCheck.releaseMatches("6.18.35+", "6.18.35")).isTrue();
        assertThat(KernelCheck.releaseMatches("6.18.350", "v6.18.35")).isFalse();
        assertThat(KernelCheck.releaseMatches("6.18.35", "v")).isFalse();
    }
}
