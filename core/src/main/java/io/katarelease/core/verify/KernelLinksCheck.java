package io.katarelease.core.verify;

import static io.katarelease.core.verify.Checks.failed;
import static io.katarelease.core.verify.Checks.passed;
import static io.katarelease.core.verify.Checks.skipped;

import io.katarelease.core.Texts;
import io.katarelease.core.verify.ExtractedTree.Kind;
import io.katarelease.core.verify.ExtractedTree.Member;
import io.katarelease.core.verify.VerifyResult.Check;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every {@code opt/kata/share/kata-containers/vmlinu[xz]*.container} link, the names kata's
 * configuration uses, resolves to a file inside the tarball.
 */
final class KernelLinksCheck implements ReleaseCheck {
    static final String NAME = "kernel links";
    private static final String KERNEL_DIR = KernelCheck.KERNEL_DIR;

    @Override
    public String name() {
        return NAME;
    }

    /** Nothing: the {@code kernel} check reports the tree's absence. */
    @Override
    public List<Check> notChecked(String reason) {
        return List.of();
    }

    @Override
    public List<Check> run(CheckContext ctx) {
        ExtractedTree tree = ctx.tree();
        List<Member> links = tree.members().values().stream()
                .filter(m -> m.name().startsWith(KERNEL_DIR) && m.name().indexOf('/', KERNEL_DIR.length()) < 0)
                .filter(m -> m.name().substring(KERNEL_DIR.length()).matches("vmlinu[xz].*\\.container"))
                .filter(m -> m.kind() != Kind.DIRECTORY)
                .sorted(Comparator.comparing(Member::name)).toList();
        List<Check> checks = new ArrayList<>();
        // without images there is nothing to link to: the kernel check already says so
        if (links.isEmpty() && !KernelCheck.images(tree).isEmpty()) {
            checks.add(skipped(NAME, "the tarball has no opt/kata/share/kata-containers/vmlinu[xz]*.container"));
        }
        for (Member m : links) {
            checks.add(link(tree, m));
        }
        return checks;
    }

    private static Check link(ExtractedTree tree, Member m) {
        String check = "link " + m.name();
        if (m.kind() != Kind.SYMLINK) {
            return passed(check, "a regular file");
        }
        Member target = tree.resolve(m.name());
        if (target == null) {
            return failed(check, "-> " + Texts.quote(m.link()) + " dangles: the tarball holds no such file"
                    + " under opt/kata/");
        }
        // name the file a chain of links ends at when it is not the link's own target
        String direct = Path.of(m.name()).getParent().resolve(m.link()).normalize().toString();
        return passed(check, "-> " + m.link() + (target.name().equals(direct) ? "" : " (" + target.name() + ")"));
    }
}
