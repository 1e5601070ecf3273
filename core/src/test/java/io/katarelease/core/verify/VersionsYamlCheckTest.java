package io.katarelease.core.verify;

import static io.katarelease.core.verify.ReleaseTree.AT_TAG;
import static io.katarelease.core.verify.ReleaseTree.TAG;
import static io.katarelease.core.verify.ReleaseTree.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** opt/kata/versions.yaml is the ref's; without a ref it is where the expected versions come from. */
class VersionsYamlCheckTest {
    @TempDir
    Path tmp;

    @Test
    void missingWithARefFailsNamingTheRef() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", TAG).ref(AT_TAG).extracted();

        assertThat(new VersionsYamlCheck().run(ctx)).containsExactly(new Check("versions.yaml", Status.FAILED,
                "opt/kata/versions.yaml is missing; it must be versions.yaml at " + TAG));
        // the ref's versions are compared with all the same
        assertThat(ctx.expected().from()).isEqualTo("versions.yaml at " + TAG);
        assertThat(ctx.expected().entry(".assets.kernel")).isPresent();
    }

    @Test
    void missingWithoutARefFailsAndLeavesNothingToCompareWith() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/VERSION", TAG).extracted();

        assertThat(new VersionsYamlCheck().run(ctx)).containsExactly(new Check("versions.yaml", Status.FAILED,
                "opt/kata/versions.yaml is missing"));
        assertThat(ctx.expected().problem()).isEqualTo("no versions.yaml to compare with");
    }

    @Test
    void withoutARefTheTarballsOwnIsUsed() throws Exception {
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/versions.yaml", YAML).extracted();

        assertThat(new VersionsYamlCheck().run(ctx).get(0).status()).isEqualTo(Status.SKIPPED);
        assertThat(ctx.expected().from()).isEqualTo("opt/kata/versions.yaml in the tarball");
        assertThat(ctx.expected().entry(".assets.hypervisor.qemu").orElseThrow().version()).isEqualTo("v11.0.1");
    }

    @Test
    void aVersionsYamlThatDoesNotParseFailsEvenWhenItIsTheRefs() throws Exception {
        String broken = "assets: [\n";
        CheckContext ctx = new ReleaseTree(tmp).file("opt/kata/versions.yaml", broken)
                .ref(new AtRef(TAG, broken.getBytes(StandardCharsets.UTF_8), "202")).extracted();

        Check check = new VersionsYamlCheck().run(ctx).get(0);

        assertThat(check.status()).isEqualTo(Status.FAILED);
        assertThat(check.detail()).startsWith("versions.yaml at " + TAG + " is not valid YAML");
        assertThat(ctx.expected().problem()).isEqualTo(check.detail());
    }
}
