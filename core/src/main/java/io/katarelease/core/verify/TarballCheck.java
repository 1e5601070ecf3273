package io.katarelease.core.verify;

import static io.katarelease.core.verify.Checks.failed;
import static io.katarelease.core.verify.Checks.passed;

import io.katarelease.core.files.FileSystemFault;
import io.katarelease.core.verify.VerifyResult.Check;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The tarball lists and extracts, as GNU tar reads it, into the scratch directory; the tree is
 * left in the context for the checks after it.
 */
final class TarballCheck implements ReleaseCheck {
    static final String NAME = "tarball";

    private final long unpackLimit;

    /** @param unpackLimit the most bytes the tarball may unpack to */
    TarballCheck(long unpackLimit) {
        this.unpackLimit = unpackLimit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsTree() {
        return false;
    }

    /** @throws IOException when the machine fails (no space …), not the tarball */
    @Override
    public List<Check> run(CheckContext ctx) throws IOException {
        ctx.progress().step("verify: unpacking " + ctx.assetName());
        Path root = ctx.scratch().resolve("tree");
        try {
            ExtractedTree tree = ExtractedTree.extract(ctx.asset(), root, unpackLimit);
            ctx.extracted(tree);
            return List.of(passed(NAME, "lists and extracts: " + tree.count() + " members, " + tree.unpacked()
                    + " bytes of files"));
        } catch (IOException e) {
            if (FileSystemFault.classify(e).isPresent()) {
                throw e; // the machine's fault (no space, …), not the tarball's
            }
            // the scratch path means nothing to the reader
            return List.of(failed(NAME, "does not list and extract: "
                    + String.valueOf(e.getMessage()).replace(root + "/", "")));
        }
    }
}
