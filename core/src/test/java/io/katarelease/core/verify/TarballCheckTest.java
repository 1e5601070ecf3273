package io.katarelease.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball check extracts the tree the other checks read, or says why it cannot. */
class TarballCheckTest {
    @TempDir
    Path tmp;

    @Test
    void aTarballThatExtractsLeavesItsTreeInTheContext() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", "4.1.0\n").file("opt/kata/a", "ab").context();

        List<Check> checks = new TarballCheck(1024).run(ctx);

        assertThat(checks).containsExactly(new Check("tarball", Status.PASSED,
                "lists and extracts: 2 members, 8 bytes of files"));
        assertThat(ctx.tree().path("opt/kata/VERSION")).hasContent("4.1.0");
    }

    @Test
    void aTarballCutShortFailsWithoutNamingTheScratchDirectoryAndLeavesNoTree() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", "4.1.0\n").context();
        byte[] bytes = Files.readAllBytes(ctx.asset());
        Files.write(ctx.asset(), Images.cut(bytes, bytes.length / 2));

        Check check = new TarballCheck(1024).run(ctx).get(0);

        assertThat(check.status()).isEqualTo(Status.FAILED);
        assertThat(check.detail()).startsWith("does not list and extract: ").doesNotContain(ctx.scratch().toString());
        assertThat(ctx.tree()).isNull();
    }

    @Test
    void aTarballThatUnpacksToMoreThanTheLimitFails() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", "4.1.0\n").file("opt/kata/big", "x".repeat(100))
                .context();

        Check check = new TarballCheck(50).run(ctx).get(0);

        assertThat(check).isEqualTo(new Check("tarball", Status.FAILED, "does not list and extract: it unpacks to"
                + " more than 50 bytes (at 'opt/kata/big'); a release tree that large is not a kata release"));
        assertThat(ctx.tree()).isNull();
    }
}
