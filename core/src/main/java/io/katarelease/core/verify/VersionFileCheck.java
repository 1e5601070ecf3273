package io.katarelease.core.verify;

import static io.katarelease.core.verify.Checks.failed;
import static io.katarelease.core.verify.Checks.passed;

import io.katarelease.core.Texts;
import io.katarelease.core.verify.ExtractedTree.Member;
import io.katarelease.core.verify.VerifyResult.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code opt/kata/VERSION} holds the release tag, so the tarball is the release it is named for. */
final class VersionFileCheck implements ReleaseCheck {
    static final String NAME = "VERSION";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Check> run(CheckContext ctx) throws IOException {
        ExtractedTree tree = ctx.tree();
        String tag = ctx.releaseTag();
        Member m = tree.resolve(ExtractedTree.PREFIX + "/VERSION");
        if (m == null) {
            return List.of(failed(NAME, "opt/kata/VERSION is missing; it must hold the release tag " + tag));
        }
        String content = new String(Checks.head(tree.path(m.name()), 4096), StandardCharsets.UTF_8).strip();
        if (content.equals(tag)) {
            return List.of(passed(NAME, "opt/kata/VERSION is " + tag + ", the release tag"
                    + (ctx.tagFromName() ? " (from the asset's name)" : "")));
        }
        return List.of(failed(NAME, "opt/kata/VERSION is " + Texts.quote(content) + ", not the release tag " + tag));
    }
}
