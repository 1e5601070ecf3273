package io.katarelease.core.build.remote;

import java.util.Map;

/**
 * One artefact in the remote cache, as its manifest describes it.
 *
 * @param tag the tag it is found by ({@code <component>-<cache key>})
 * @param digest the manifest's digest ({@code sha256:…}), what {@code REF@digest} names
 * @param artifact the artefact tarball's layer
 * @param record the build record's layer
 * @param annotations the manifest's annotations (component, version, arch, key, patch digests …)
 */
public record RemoteEntry(String tag, String digest, Blob artifact, Blob record, Map<String, String> annotations) {

    /**
     * A layer of the manifest.
     *
     * @param mediaType its media type
     * @param digest {@code sha256:<hex>}
     * @param size its size in bytes
     * @param title its file name ({@code org.opencontainers.image.title})
     */
    public record Blob(String mediaType, String digest, long size, String title) {
        /** @return the hex of the SHA-256 */
        public String sha256() {
            return digest.substring("sha256:".length());
        }
    }

    /** @return an annotation, or null */
    public String annotation(String name) {
        return annotations.get(name);
    }
}
