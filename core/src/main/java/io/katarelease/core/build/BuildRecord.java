package io.katarelease.core.build;

import java.util.List;
import java.util.Map;

/**
 * What a component build used and produced, written as JSON next to the artefact and in the
 * cache entry.
 *
 * @param component {@code qemu} or {@code kernel}
 * @param version the version versions.yaml names
 * @param arch the target architecture
 * @param cacheKey SHA-256 over every input below
 * @param inputs the inputs of the key, each with its SHA-256
 * @param command the build command
 * @param environment the variables the build was given (part of the key)
 * @param startedAt when the build started (ISO-8601, UTC)
 * @param durationMillis how long it ran
 * @param artifact the artefact produced
 * @param fromCache whether this run took the artefact from the cache instead of building
 */
public record BuildRecord(String component, String version, String arch, String cacheKey, List<Input> inputs,
        List<String> command, Map<String, String> environment, String startedAt, long durationMillis,
        Artifact artifact, boolean fromCache) {

    /** kata's name for a component's artefact begins with this ({@code kata-static-qemu.tar.xz}). */
    public static final String ARTIFACT_PREFIX = "kata-static-";

    /** The suffixes of a component's artefact that kata's build writes, in the order they are looked for. */
    public static final List<String> ARTIFACT_SUFFIXES = List.of(".tar.xz", ".tar.zst");

    /** @return the file name of a component's artefact with one of {@link #ARTIFACT_SUFFIXES} */
    public static String artifactFileName(String component, String suffix) {
        return ARTIFACT_PREFIX + component + suffix;
    }

    /** @return the file name of a component's build record, written beside its artefact */
    public static String fileName(String component) {
        return ARTIFACT_PREFIX + component + ".build.json";
    }

    /**
     * One input of the cache key.
     *
     * @param kind what it is ({@code patch}, {@code file}, {@code value})
     * @param name its path in the checkout, or the value's name
     * @param sha256 the SHA-256 of its content (or of the value)
     */
    public record Input(String kind, String name, String sha256) {}

    /**
     * The artefact.
     *
     * @param file its path
     * @param size its size in bytes
     * @param sha256 its SHA-256
     */
    public record Artifact(String file, long size, String sha256) {}

    /** @return the same record, for a later run that took it from the cache */
    BuildRecord servedFromCache(String file) {
        return new BuildRecord(component, version, arch, cacheKey, inputs, command, environment, startedAt,
                durationMillis, new Artifact(file, artifact.size(), artifact.sha256()), true);
    }
}
