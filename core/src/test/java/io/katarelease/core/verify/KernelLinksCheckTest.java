package io.katarelease.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vmlinu[xz]*.container names kata's configuration uses resolve to a file in the tarball. */
class KernelLinksCheckTest {
    static final String KERNELS = "opt/kata/share/kata-containers/";

    @TempDir
    Path tmp;

    @Test
    void aChainOfLinksNamesTheFileItEndsAt() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file(KERNELS + "vmlinuz-6.18.35-202", "x")
                .file(KERNELS + "vmlinux.container", "a copy")
                .link(KERNELS + "vmlinuz.container", "vmlinuz-current")
                .link(KERNELS + "vmlinuz-current", "vmlinuz-6.18.35-202").extracted();

        assertThat(new KernelLinksCheck().run(ctx)).containsExactly(
                new Check("link " + KERNELS + "vmlinux.container", Status.PASSED, "a regular file"),
                new Check("link " + KERNELS + "vmlinuz.container", Status.PASSED,
                        "-> vmlinuz-current (" + KERNELS + "vmlinuz-6.18.35-202)"));
    }

    @Test
    void noLinksBesideImagesIsOneSkip() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file(KERNELS + "vmlinuz-6.18.35-202", "x").extracted();

        assertThat(new KernelLinksCheck().run(ctx)).containsExactly(new Check("kernel links", Status.SKIPPED,
                "the tarball has no opt/kata/share/kata-containers/vmlinu[xz]*.container"));
    }

    @Test
    void withoutImagesOrATreeTheKernelCheckSpeaksForIt() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", "x").extracted();

        assertThat(new KernelLinksCheck().run(ctx)).isEmpty();
        assertThat(new KernelLinksCheck().notChecked("not checked: the tarball does not extract")).isEmpty();
    }
}
