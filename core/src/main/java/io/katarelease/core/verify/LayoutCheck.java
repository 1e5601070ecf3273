package io.katarelease.core.verify;

import static io.katarelease.core.verify.Checks.failed;
import static io.katarelease.core.verify.Checks.passed;

import io.katarelease.core.verify.VerifyResult.Check;
import java.util.List;

/**
 * Every member is safely under {@code opt/kata/}: kata's release tarballs hold nothing else, and a
 * member outside would be written outside when the tarball is unpacked on a node.
 */
final class LayoutCheck implements ReleaseCheck {
    static final String NAME = "opt/kata only";
    /** How many members a failure names; the rest are counted. */
    private static final int NAMED = 5;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Check> run(CheckContext ctx) {
        List<String> outside = ctx.tree().outside();
        if (outside.isEmpty()) {
            return List.of(passed(NAME, "every member is under opt/kata/"));
        }
        return List.of(failed(NAME, outside.size() + (outside.size() == 1 ? " member is" : " members are")
                + " not safely under opt/kata/ (kata's release tarballs hold only opt/kata): "
                + String.join("; ", outside.subList(0, Math.min(NAMED, outside.size())))
                + (outside.size() > NAMED ? "; …" : "")));
    }
}
