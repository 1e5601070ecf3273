package io.katarelease.core.verify;

import static io.katarelease.core.verify.Checks.failed;
import static io.katarelease.core.verify.Checks.passed;
import static io.katarelease.core.verify.Checks.skipped;

import io.katarelease.core.Texts;
import io.katarelease.core.verify.ExtractedTree.Kind;
import io.katarelease.core.verify.ExtractedTree.Member;
import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.versions.PatchRules;
import io.katarelease.core.versions.VersionEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every {@code opt/kata/share/kata-containers/vmlinuz-*} is a bzImage whose embedded version
 * starts with the expected kernel version ({@code bzImage <path>}), and whose name carries the
 * ref's {@code kata_config_version} ({@code name <path>}), as kata names its images.
 */
final class KernelCheck implements ReleaseCheck {
    static final String NAME = "kernel";
    static final String KERNEL_DIR = "opt/kata/share/kata-containers/";

    @Override
    public String name() {
        return NAME;
    }

    /** @return the kernel images directly in the kernel directory, by name */
    static List<Member> images(ExtractedTree tree) {
        return tree.members().values().stream()
                .filter(m -> m.name().startsWith(KERNEL_DIR + "vmlinuz-")
                        && m.name().indexOf('/', KERNEL_DIR.length()) < 0)
                .filter(m -> m.kind() == Kind.FILE || m.kind() == Kind.HARDLINK)
                .sorted(Comparator.comparing(Member::name)).toList();
    }

    @Override
    public List<Check> run(CheckContext ctx) throws IOException {
        List<Member> images = images(ctx.tree());
        if (images.isEmpty()) {
            return List.of(skipped(NAME, "the tarball has no opt/kata/share/kata-containers/vmlinuz-*"));
        }
        List<Check> checks = new ArrayList<>();
        for (Member m : images) {
            checks.add(bzImage(ctx.tree(), m, ctx.expected()));
            checks.add(name(m, ctx.atRef()));
        }
        return checks;
    }

    private static Check name(Member m, AtRef atRef) {
        String file = m.name().substring(KERNEL_DIR.length());
        String check = "name " + m.name();
        String config = atRef == null ? null : atRef.kataConfigVersion();
        if (atRef == null) {
            return skipped(check, "not compared: no repository and ref given to read kata_config_version from");
        }
        if (config == null || config.isEmpty()) {
            return skipped(check, "not compared: no " + PatchRules.KATA_CONFIG_VERSION + " at " + atRef.label());
        }
        if (Arrays.asList(file.substring("vmlinuz-".length()).split("-")).contains(config)) {
            return passed(check, file + " carries kata_config_version " + config);
        }
        return failed(check, file + " does not carry kata_config_version " + config + " (at " + atRef.label()
                + "); kata names its images vmlinuz-<version>-<kata_config_version>");
    }

    private static Check bzImage(ExtractedTree tree, Member m, ExpectedVersions expected) {
        String check = "bzImage " + m.name();
        BzImage image;
        try {
            image = BzImage.read(tree.path(m.name()));
        } catch (FormatException e) {
            return failed(check, e.getMessage());
        } catch (IOException e) {
            return failed(check, "cannot be read: " + e.getMessage());
        }
        String found = "Linux bzImage (boot protocol " + image.protocolName() + "), version "
                + Texts.quote(image.kernelVersion());
        Optional<VersionEntry> main = expected.entry(".assets.kernel");
        if (main.isEmpty()) {
            return passed(check, found + "; not compared: "
                    + (expected.problem() != null ? expected.problem() : expected.from() + " has no .assets.kernel"));
        }
        if (releaseMatches(image.release(), main.get().version())) {
            return passed(check, found + ", as " + main.get().path() + " " + main.get().version());
        }
        // a flavour's image (nvidia-gpu …) carries its own version
        for (VersionEntry other : expected.kernels()) {
            if (releaseMatches(image.release(), other.version())) {
                return passed(check, found + ", as " + other.path() + " " + other.version());
            }
        }
        return failed(check, found + ": it does not start with " + strip(main.get().version()) + " ("
                + main.get().path() + " " + main.get().version() + ")");
    }

    /** @return whether a kernel release ({@code 6.18.35-nvidia-gpu}) is of the version ({@code v6.18.35}) */
    static boolean releaseMatches(String release, String version) {
        String want = strip(version);
        if (want.isEmpty() || !release.startsWith(want)) {
            return false;
        }
        if (release.length() == want.length()) {
            return true;
        }
        char next = release.charAt(want.length());
        return next == '-' || next == '+';
    }

    private static String strip(String version) {
        return version.startsWith("v") ? version.substring(1) : version;
    }
}
