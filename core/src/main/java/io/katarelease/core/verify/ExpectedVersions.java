package io.katarelease.core.verify;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.verify.ExtractedTree.Member;
import io.katarelease.core.versions.VersionEntry;
import io.katarelease.core.versions.VersionsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The versions the components must have, and where they come from: the ref's
 * {@code versions.yaml}, or without a ref the tarball's own.
 *
 * @param versions the parsed file, or null when there is none or it does not parse
 * @param from where it comes from ({@code versions.yaml at <ref>} …)
 * @param problem why there are no versions to compare with, or null
 * @param parseError why the file does not parse, or null
 */
record ExpectedVersions(VersionsFile versions, String from, String problem, String parseError) {

    /** @return the versions of the ref when there is one, else of the tarball's opt/kata/versions.yaml */
    static ExpectedVersions read(ExtractedTree tree, AtRef atRef) throws IOException {
        if (atRef != null) {
            return parse(atRef.versionsYaml(), "versions.yaml at " + atRef.label());
        }
        return parse(inTarball(tree), "opt/kata/versions.yaml in the tarball");
    }

    /** @return the start of the tarball's opt/kata/versions.yaml, or null when it has none */
    static byte[] inTarball(ExtractedTree tree) throws IOException {
        Member m = tree.resolve(ExtractedTree.PREFIX + "/versions.yaml");
        return m == null ? null : Checks.head(tree.path(m.name()), Checks.SMALL_FILE);
    }

    static ExpectedVersions parse(byte[] source, String from) {
        if (source == null) {
            return new ExpectedVersions(null, from, "no versions.yaml to compare with", null);
        }
        try {
            return new ExpectedVersions(VersionsFile.parse(new String(source, StandardCharsets.UTF_8), from), from,
                    null, null);
        } catch (InvalidInputException e) {
            return new ExpectedVersions(null, from, e.getMessage(), e.getMessage());
        }
    }

    /** @return the entry {@code path.version} or {@code path.tag} ({@code .assets.kernel} …), if any */
    Optional<VersionEntry> entry(String path) {
        if (versions == null) {
            return Optional.empty();
        }
        try {
            for (VersionEntry e : path.startsWith(".assets.hypervisor") ? versions.qemuEntries()
                    : versions.kernelEntries()) {
                if (e.path().equals(path + ".version") || e.path().equals(path + ".tag")) {
                    return Optional.of(e);
                }
            }
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** @return every kernel the file names (flavours too), none when it cannot tell */
    List<VersionEntry> kernels() {
        try {
            return versions == null ? List.of() : versions.kernelEntries();
        } catch (InvalidInputException e) {
            return List.of();
        }
    }
}
