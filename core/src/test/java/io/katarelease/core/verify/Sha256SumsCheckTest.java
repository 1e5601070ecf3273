package io.katarelease.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.build.Digests;
import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SHA256SUMS beside the tarball, as sha256sum writes and reads it; it needs no extracted tree. */
class Sha256SumsCheckTest {
    @TempDir
    Path tmp;

    @Test
    void noSha256sumsIsASkip() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", "x").context();

        assertThat(new Sha256SumsCheck().needsTree()).isFalse();
        assertThat(new Sha256SumsCheck().run(ctx)).containsExactly(new Check("SHA256SUMS", Status.SKIPPED,
                "no SHA256SUMS beside the asset"));
    }

    @Test
    void binaryMarkersUpperCaseAndBlankLinesAreRead() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", "x").context();
        Files.writeString(tmp.resolve("notes.md"), "notes\n");
        Files.writeString(ctx.sha256Sums(), ctx.assetSha().toUpperCase(Locale.ROOT) + " *" + ctx.assetName() + "\n\n"
                + Digests.sha256("notes\n") + "  notes.md\n");

        assertThat(new Sha256SumsCheck().run(ctx)).containsExactly(new Check("SHA256SUMS", Status.PASSED,
                "2 files match: " + ctx.assetName() + ", notes.md"));
    }

    @Test
    void malformedLinesAndPathsElsewhereFailAndAreNotRead() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", "x").context();
        Files.writeString(tmp.resolve("scratch/elsewhere"), "x");
        Files.writeString(ctx.sha256Sums(), ctx.assetSha() + "  " + ctx.assetName() + "\n"
                + "garbage\n" + Digests.sha256("x") + "  scratch/elsewhere\n" + Digests.sha256("x") + "  ..\n");

        assertThat(new Sha256SumsCheck().run(ctx)).containsExactly(new Check("SHA256SUMS", Status.FAILED,
                "line 2 is not '<sha256>  <file>': 'garbage'; 'scratch/elsewhere' is not a file beside SHA256SUMS;"
                        + " '..' is not a file beside SHA256SUMS"));
    }
}
