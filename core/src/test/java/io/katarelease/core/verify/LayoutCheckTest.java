package io.katarelease.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members outside opt/kata/ are named, the first five of them, and counted. */
class LayoutCheckTest {
    @TempDir
    Path tmp;

    @Test
    void oneMemberOutsideIsNamed() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", "x").file("etc/kata.conf", "x").extracted();

        assertThat(new LayoutCheck().run(ctx)).containsExactly(new Check("opt/kata only", Status.FAILED,
                "1 member is not safely under opt/kata/ (kata's release tarballs hold only opt/kata): 'etc/kata.conf':"
                        + " outside opt/kata/"));
    }

    @Test
    void manyMembersOutsideAreCountedAndTheFirstFiveNamed() throws Exception {
        ReleaseTree tree = new ReleaseTree(tmp).file("opt/kata/VERSION", "x");
        for (int i = 1; i <= 7; i++) {
            tree.file("etc/" + i, "x");
        }

        Check check = new LayoutCheck().run(tree.extracted()).get(0);

        assertThat(check.detail()).startsWith("7 members are not safely under opt/kata/").contains("'etc/5'")
                .doesNotContain("'etc/6'").endsWith("; …");
    }

    @Test
    void aTreeUnderOptKataPasses() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", "x").extracted();

        assertThat(new LayoutCheck().run(ctx)).containsExactly(new Check("opt/kata only", Status.PASSED,
                "every member is under opt/kata/"));
    }
}
