package io.katarelease.core.versions;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RefNames;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where kata's build scripts look for patches, as {@code build-kernel.sh}, {@code patch_qemu.sh}
 * and {@code apply_patches.sh} compute it.
 */
public final class PatchRules {
    public static final String QEMU_PATCHES = "tools/packaging/qemu/patches";
    public static final String KERNEL_PATCHES = "tools/packaging/kernel/patches";
    public static final String KERNEL_DIR = "tools/packaging/kernel";
    public static final String KATA_CONFIG_VERSION = "tools/packaging/kernel/kata_config_version";
    /** kata's common patch applier; its presence marks the 2.1.0-and-later rules. */
    public static final String APPLIER = "tools/packaging/scripts/apply_patches.sh";
    /** The marker git needs to keep an otherwise empty patch directory. */
    public static final String NO_PATCHES = "no_patches.txt";

    /** {@code [0-9]}, not {@code \d}: ASCII digits only, whatever the regex flags. */
    private static final Pattern RELEASE = Pattern.compile("v?([0-9]+)\\.([0-9]+)\\.([0-9]+)");

    private PatchRules() {}

    /**
     * The kernel's patch directory name: one leading {@code v} removed, then the first two
     * {@code .}-separated fields plus {@code .x} ({@code cut -d. -f1}, {@code -f2}). A value
     * without a dot gives {@code <v>.<v>.x}, as {@code cut} does.
     */
    public static String kernelSeries(String version) {
        String s = version.startsWith("v") ? version.substring(1) : version;
        String[] f = s.split("\\.", -1);
        return f.length > 1 ? f[0] + "." + f[1] + ".x" : s + "." + s + ".x";
    }

    /**
     * The build-type subdirectory an entry selects: {@code experimental} for
     * {@code kernel-experimental}, {@code arm-experimental} for the arm experimental kernel,
     * {@code dragonball-experimental} for dragonball; flavours nested under an asset select none.
     */
    public static Optional<String> buildType(VersionEntry entry) {
        if (entry.component() != Component.KERNEL || entry.flavour()) {
            return Optional.empty();
        }
        String key = entry.assetKey();
        if (key.contains("dragonball")) {
            return Optional.of("dragonball-experimental");
        }
        if (key.contains("arm") && key.contains("experimental")) {
            return Optional.of("arm-experimental");
        }
        if (key.equals("kernel-experimental")) {
            return Optional.of("experimental");
        }
        return Optional.empty();
    }

    /** How the QEMU base directory ({@code <X.Y>.x}) is known. */
    public sealed interface QemuBase {
        /** Derived from a {@code vX.Y.Z} version. */
        record Series(String name) implements QemuBase {}

        /** A QEMU development tree (patch level 50 or more): kata skips the base directory. */
        record DevelopmentTree(String version) implements QemuBase {}

        /** A SHA or fork tag: the series comes from the fetched tree's {@code VERSION} file. */
        record FromSourceTree(String version) implements QemuBase {}
    }

    /**
     * @return the QEMU base directory for a version string, as far as the string tells. Only
     *     ASCII digits make a release ({@code v٣.١.٠} is a tag like any other); the fields are
     *     compared and written as text of any length, leading zeros dropped ({@code v007.002.0}
     *     gives {@code 7.2.x}), so no size of number overflows.
     */
    public static QemuBase qemuBase(String version) {
        Matcher m = RELEASE.matcher(version);
        if (!m.matches()) {
            return new QemuBase.FromSourceTree(version);
        }
        if (RefNames.compareNumbers(m.group(3), "50") >= 0) {
            return new QemuBase.DevelopmentTree(version);
        }
        return new QemuBase.Series(RefNames.stripLeadingZeros(m.group(1)) + "."
                + RefNames.stripLeadingZeros(m.group(2)) + ".x");
    }

    /**
     * Refuses a version that would make a directory name leave the patch tree or confuse a shell.
     *
     * @throws InvalidInputException naming the entry and the value
     */
    public static void checkVersion(VersionEntry entry) throws InvalidInputException {
        String v = entry.version();
        if (v.equals(".") || v.equals("..") || v.contains("/") || v.contains("\\") || v.startsWith("-")
                || v.length() > 200 || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException(entry.path() + " = " + Texts.quote(v) + " cannot name a patch directory"
                    + " (no '/', '\\', '..', leading '-', control characters or more than 200 characters)");
        }
    }
}
