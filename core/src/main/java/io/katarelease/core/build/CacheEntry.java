package io.katarelease.core.build;

import java.util.List;

/**
 * One entry of the build cache, local or remote, as {@code cache ls} shows it.
 *
 * @param level {@value #LOCAL} or {@value #REMOTE}
 * @param component {@code qemu}, {@code kernel} or another kata-deploy target
 * @param version the component's version, or null when the entry's record is unreadable
 * @param arch the target architecture, or null when unknown
 * @param size bytes it takes: the entry folder (local), or the tarball and record blobs (remote)
 * @param builtAt when it was built (ISO-8601), or null when unknown
 * @param lastUsedAt when a build last took it (local: the entry folder's time; both levels: a
 *     release ledger's build stage with its key when later), or null when unknown
 * @param key the full cache key
 * @param location its folder, or {@code oci://HOST/REPOSITORY@sha256:…}
 * @param releases the release tags whose ledgers record a build with this key
 */
public record CacheEntry(String level, String component, String version, String arch, long size, String builtAt,
        String lastUsedAt, String key, String location, List<String> releases) {
    /** The level on this machine. */
    public static final String LOCAL = "local";
    /** The level in an OCI registry. */
    public static final String REMOTE = "remote";

    /** @return the key's first 16 hex digits, as builds print it */
    public String shortKey() {
        return key.length() > 16 ? key.substring(0, 16) : key;
    }

    /** @return the tag the entry has (or would have) in the registry */
    public String tag() {
        return component + "-" + key;
    }
}
