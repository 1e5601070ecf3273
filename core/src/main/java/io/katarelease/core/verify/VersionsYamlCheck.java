package io.katarelease.core.verify;

import static io.katarelease.core.verify.Checks.failed;
import static io.katarelease.core.verify.Checks.passed;
import static io.katarelease.core.verify.Checks.skipped;

import io.katarelease.core.build.Digests;
import io.katarelease.core.verify.VerifyResult.Check;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code opt/kata/versions.yaml} is the ref's {@code versions.yaml}, and the versions the other
 * checks compare with parse. Without a ref there is nothing to compare it with: it is then the
 * source of those versions, and must exist.
 */
final class VersionsYamlCheck implements ReleaseCheck {
    static final String NAME = "versions.yaml";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Check> run(CheckContext ctx) throws IOException {
        Check check = compare(ExpectedVersions.inTarball(ctx.tree()), ctx.atRef());
        String parseError = ctx.expected().parseError();
        // versions that do not parse fail the check whichever file they come from
        return List.of(parseError != null ? failed(NAME, parseError) : check);
    }

    private static Check compare(byte[] inTarball, AtRef atRef) {
        if (atRef == null) {
            return inTarball == null
                    ? failed(NAME, "opt/kata/versions.yaml is missing")
                    : skipped(NAME, "not compared: no repository and ref given; the version checks use the tarball's"
                            + " own opt/kata/versions.yaml");
        }
        byte[] source = atRef.versionsYaml();
        if (inTarball == null) {
            return failed(NAME, "opt/kata/versions.yaml is missing; it must be versions.yaml at " + atRef.label());
        }
        if (Arrays.equals(inTarball, source)) {
            return passed(NAME, "opt/kata/versions.yaml is versions.yaml at " + atRef.label());
        }
        return failed(NAME, "opt/kata/versions.yaml differs from versions.yaml at " + atRef.label() + " (sha256 "
                + Digests.sha256(inTarball).substring(0, 16) + "…, the ref's " + Digests.sha256(source).substring(0, 16) + "…)");
    }
}
