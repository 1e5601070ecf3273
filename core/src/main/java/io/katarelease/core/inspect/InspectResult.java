package io.katarelease.core.inspect;

import io.katarelease.core.versions.Component;
import java.util.List;

/**
 * What a release ref builds: component versions, the patch series kata will apply, where each
 * patch comes from, and the traps found.
 *
 * @param ref the ref inspected, as given
 * @param commit the commit it resolved to
 * @param baseRef the upstream ref compared against, or null
 * @param baseCommit its commit, or null
 * @param kataConfigVersion {@code tools/packaging/kernel/kata_config_version} at the ref
 * @param baseKataConfigVersion the same at the base, or null
 * @param legacyRules whether the tree predates kata's common patch applier (2.0.x rules)
 * @param components one entry per QEMU and kernel entry of {@code versions.yaml}, in file order
 * @param warnings the traps found, one sentence each
 */
public record InspectResult(String ref, String commit, String baseRef, String baseCommit, String kataConfigVersion,
        String baseKataConfigVersion, boolean legacyRules, List<ComponentPlan> components, List<String> warnings) {

    /**
     * One QEMU or kernel entry and the directories it selects, in the order kata applies them.
     *
     * @param component QEMU or the kernel
     * @param path the entry's yq path
     * @param version its value, verbatim
     * @param buildType the kernel build-type subdirectory, or null
     * @param directories the selected directories, in application order
     */
    public record ComponentPlan(Component component, String path, String version, String buildType,
            List<PatchDirectory> directories) {

        /** @return every patch this entry applies, in order */
        public List<PatchFile> series() {
            return directories.stream().flatMap(d -> d.patches().stream()).toList();
        }
    }

    /**
     * A selected patch directory.
     *
     * @param path the directory path in the repository (or a description where unknown)
     * @param role why it is selected
     * @param state what the tree holds there
     * @param patches the {@code *.patch} files directly inside, in byte order of their names
     * @param note a short explanation for states that need one
     */
    public record PatchDirectory(String path, Role role, State state, List<PatchFile> patches, String note) {}

    /** Why a directory is selected. */
    public enum Role {
        /** QEMU's {@code <X.Y>.x} directory, from QEMU's own VERSION. */
        QEMU_SERIES,
        /** QEMU's {@code tag_patches/<version>} directory. */
        QEMU_TAG,
        /** The kernel's {@code <major.minor>.x} directory. */
        KERNEL_SERIES,
        /** The kernel's build-type subdirectory ({@code experimental}, {@code dragonball-experimental} …). */
        KERNEL_BUILD_TYPE,
    }

    /** What the tree holds at a selected directory. */
    public enum State {
        /** A directory with at least one patch. */
        PATCHES,
        /** A directory with no patch and the {@code no_patches.txt} marker. */
        NO_PATCHES_MARKED,
        /** A directory with no patch and no marker (works, but trap 3 of kata's layout). */
        NO_PATCHES_UNMARKED,
        /** No such directory: kata's build fails (2.1.0 and later). */
        MISSING,
        /** Not known from versions.yaml: it depends on the fetched QEMU tree's VERSION file. */
        FROM_SOURCE_TREE,
        /** A QEMU development tree (patch level 50 or more): kata skips the series directory. */
        SKIPPED,
        /** Not used by the scripts of this tree (2.0.x had no per-tag QEMU patches). */
        NOT_USED,
    }

    /**
     * One patch file.
     *
     * @param name the file name
     * @param path its path in the repository
     * @param blob its git blob id (null for a checkout on disk, where it is not computed)
     * @param origin whether the fork carries it, or upstream has it too
     */
    public record PatchFile(String name, String path, String blob, Origin origin) {}

    /** Where a patch comes from, compared with the base ref. */
    public enum Origin {
        /** The base has the same file with the same content. */
        UPSTREAM,
        /** The base lacks the file: the fork added it. */
        CARRIED,
        /** The base has the file with other content: the fork changed it. */
        MODIFIED,
        /** No base ref was given. */
        UNKNOWN,
    }
}
