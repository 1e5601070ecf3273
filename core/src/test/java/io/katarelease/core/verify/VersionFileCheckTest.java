package io.katarelease.core.verify;

import static io.katarelease.core.verify.ReleaseTree.TAG;
import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** opt/kata/VERSION must hold the release tag; it is read as the file system would, through links. */
class VersionFileCheckTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingVersionFileFails() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/versions.yaml", "x").extracted();

        assertThat(new VersionFileCheck().run(ctx)).containsExactly(new Check("VERSION", Status.FAILED,
                "opt/kata/VERSION is missing; it must hold the release tag " + TAG));
    }

    @Test
    void aVersionFileReachedThroughALinkPasses() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/share/VERSION", "\n" + TAG + "\n")
                .link("opt/kata/VERSION", "share/VERSION").extracted();

        assertThat(new VersionFileCheck().run(ctx)).containsExactly(new Check("VERSION", Status.PASSED,
                "opt/kata/VERSION is " + TAG + ", the release tag"));
    }

    @Test
    void aLinkOutOfTheTreeIsNoVersionFile() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).link("opt/kata/VERSION", "../../etc/hostname").extracted();

        assertThat(new VersionFileCheck().run(ctx).get(0).detail()).startsWith("opt/kata/VERSION is missing");
    }
}
