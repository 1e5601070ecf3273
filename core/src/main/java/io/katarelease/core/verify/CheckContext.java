package io.katarelease.core.verify;

import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the checks of one release tarball share: the tarball and its SHA-256, the release tag, the
 * ref's files, a scratch directory, progress, and once {@link TarballCheck} ran, the extracted
 * tree and (read when first asked for) the versions to compare with.
 */
final class CheckContext {
    private final Path asset;
    private final String assetSha;
    private final String releaseTag;
    private final boolean tagFromName;
    private final AtRef atRef;
    private final Path scratch;
    private final Progress progress;
    private ExtractedTree tree;
    private ExpectedVersions expected;

    /**
     * @param asset the release tarball
     * @param assetSha its SHA-256
     * @param releaseTag the tag opt/kata/VERSION must hold
     * @param tagFromName whether the tag was taken from the tarball's name (reports say so)
     * @param atRef what the release ref holds, or null when there is no ref
     * @param scratch an empty directory the checks may write to, removed after them
     * @param progress where progress goes
     */
    CheckContext(Path asset, String assetSha, String releaseTag, boolean tagFromName, AtRef atRef, Path scratch,
            Progress progress) {
        this.asset = asset;
        this.assetSha = assetSha;
        this.releaseTag = releaseTag;
        this.tagFromName = tagFromName;
        this.atRef = atRef;
        this.scratch = scratch;
        this.progress = progress;
    }

    Path asset() {
        return asset;
    }

    String assetName() {
        return asset.getFileName().toString();
    }

    String assetSha() {
        return assetSha;
    }

    /** @return the SHA256SUMS beside the tarball (it may not exist) */
    Path sha256Sums() {
        return asset.toAbsolutePath().resolveSibling("SHA256SUMS");
    }

    String releaseTag() {
        return releaseTag;
    }

    boolean tagFromName() {
        return tagFromName;
    }

    /** @return what the release ref holds, or null without a ref */
    AtRef atRef() {
        return atRef;
    }

    Path scratch() {
        return scratch;
    }

    Progress progress() {
        return progress;
    }

    /** @return the extracted tree, or null when the tarball was not (or could not be) extracted */
    ExtractedTree tree() {
        return tree;
    }

    void extracted(ExtractedTree tree) {
        this.tree = tree;
        this.expected = null;
    }

    /** @return the versions to compare with; read once, as several checks need them */
    ExpectedVersions expected() throws IOException {
        if (expected == null) {
            expected = ExpectedVersions.read(tree, atRef);
        }
        return expected;
    }
}
