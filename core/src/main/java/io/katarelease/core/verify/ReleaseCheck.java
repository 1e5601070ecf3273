package io.katarelease.core.verify;

import io.katarelease.core.verify.VerifyResult.Check;
import java.io.IOException;
import java.util.List;

/**
 * One property of a release tarball that {@link VerifyCommand} checks. A check reports what it
 * found as zero or more {@link Check}s (one per file it looked at, say); it never throws for a
 * broken tarball, only for a fault of the machine (an I/O error reading the scratch tree).
 */
interface ReleaseCheck {
    /** The check's name, also the one it is reported under when it cannot run. */
    String name();

    /** Whether it reads the extracted tree, so cannot run when the tarball does not extract. */
    default boolean needsTree() {
        return true;
    }

    /** @return what it reports when it cannot run, for {@code reason} */
    default List<Check> notChecked(String reason) {
        return List.of(Checks.skipped(name(), reason));
    }

    /** @return what it found, in the order it looked */
    List<Check> run(CheckContext ctx) throws IOException;
}
