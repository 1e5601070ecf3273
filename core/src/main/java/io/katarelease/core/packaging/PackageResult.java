package io.katarelease.core.packaging;

import java.util.List;

/**
 * What {@code package} wrote.
 *
 * @param releaseTag the release tag
 * @param tarball the merged tarball's path
 * @param size its size in bytes
 * @param sha256 its SHA-256
 * @param compressor what compressed it ({@code XZ_PROGRAM}, {@code XZ_JAVA}, {@code ZSTD_JAVA})
 * @param components the component tarballs merged, by file name
 * @param sha256sums the {@code SHA256SUMS} file's path
 * @param report the release report's path (Markdown)
 * @param warnings things to read
 */
public record PackageResult(String releaseTag, String tarball, long size, String sha256, String compressor,
        List<String> components, String sha256sums, String report, List<String> warnings) {}
