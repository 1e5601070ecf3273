package io.katarelease.core.build.remote;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.katarelease.core.build.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The OCI manifest of a cache entry, written and checked here: artifact type
 * {@value #ARTIFACT_TYPE}, the empty config, the tarball as the first layer (with its real media
 * type) and the build record as the second, each with a plain file name, and the annotations.
 * What a registry serves is not trusted: a manifest is checked field by field and against the
 * digest the registry gives for it.
 */
public final class ArtifactManifest {
    /** The manifest's {@code artifactType}. */
    public static final String ARTIFACT_TYPE = "application/vnd.kata-release.build.v1";
    /** The build record layer's media type. */
    public static final String RECORD_MEDIA_TYPE = "application/vnd.kata-release.build-record.v1+json";
    static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
    static final String TITLE = "org.opencontainers.image.title";
    static final String XZ_MEDIA_TYPE = "application/x-xz";
    static final String ZSTD_MEDIA_TYPE = "application/zstd";
    private static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.US_ASCII);
    /** The empty config's digest, the blob every entry's config names. */
    static final String EMPTY_CONFIG_DIGEST = "sha256:" + Digests.sha256(EMPTY_CONFIG);
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern SAFE_TITLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");
    private static final int MAX_MANIFEST = 1 << 20;
    private static final int MAX_RECORD = 4 << 20;
    // The JSON of manifests is pure ASCII (other characters escaped), so its bytes, and digest, do
    // not depend on the platform's charset.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII).build();

    private ArtifactManifest() {}

    /** @return the empty config's bytes (a fresh copy) */
    static byte[] emptyConfig() {
        return EMPTY_CONFIG.clone();
    }

    /** @return the media type of a tarball layer, from its file name */
    static String tarballMediaType(String title) {
        return title.endsWith(".tar.zst") ? ZSTD_MEDIA_TYPE : XZ_MEDIA_TYPE;
    }

    /**
     * Checks a manifest a registry served for {@code tag}.
     *
     * @param json the manifest as served
     * @param registryDigest the digest the registry gives for it, or null
     * @return the entry it describes
     * @throws RemoteCacheException naming the tag and what is wrong
     */
    static RemoteEntry parse(String tag, String json, String registryDigest) throws RemoteCacheException {
        if (json == null || json.length() > MAX_MANIFEST) {
            throw RegistryCache.damaged(tag, "its manifest is missing or over 1 MiB");
        }
        String digest = "sha256:" + Digests.sha256(json.getBytes(StandardCharsets.UTF_8));
        if (registryDigest != null && !registryDigest.equals(digest)) {
            throw RegistryCache.damaged(tag, "its manifest does not match the digest the registry gives for it");
        }
        JsonNode m;
        try {
            m = JSON.readTree(json);
        } catch (IOException e) {
            throw RegistryCache.damaged(tag, "its manifest is not JSON");
        }
        if (m == null || !ARTIFACT_TYPE.equals(m.path("artifactType").asText())
                || !MANIFEST_MEDIA_TYPE.equals(m.path("mediaType").asText(MANIFEST_MEDIA_TYPE))
                || m.path("layers").size() != 2) {
            throw RegistryCache.damaged(tag, "it is not a kata-release artefact (artifactType " + ARTIFACT_TYPE
                    + ", two layers)");
        }
        RemoteEntry.Blob artifact = blob(tag, m.path("layers").get(0));
        RemoteEntry.Blob record = blob(tag, m.path("layers").get(1));
        if (!RECORD_MEDIA_TYPE.equals(record.mediaType()) || record.size() > MAX_RECORD
                || !(artifact.mediaType().equals(XZ_MEDIA_TYPE) || artifact.mediaType().equals(ZSTD_MEDIA_TYPE))) {
            throw RegistryCache.damaged(tag, "its layers are not a tarball and a build record");
        }
        Map<String, String> annotations = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("annotations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            annotations.put(a.getKey(), a.getValue().asText());
        }
        return new RemoteEntry(tag, digest, artifact, record, Map.copyOf(annotations));
    }

    private static RemoteEntry.Blob blob(String tag, JsonNode layer) throws RemoteCacheException {
        String digest = layer.path("digest").asText();
        long size = layer.path("size").asLong(-1);
        String title = layer.path("annotations").path(TITLE).asText();
        if (!DIGEST.matcher(digest).matches() || size < 0 || !layer.path("size").isIntegralNumber()
                || !SAFE_TITLE.matcher(title).matches()) {
            throw RegistryCache.damaged(tag, "a layer has no sha256 digest, size or plain file name");
        }
        return new RemoteEntry.Blob(layer.path("mediaType").asText(), digest, size, title);
    }

    /** @return the manifest's bytes, pure ASCII, pushed as they are so its digest is ours */
    static byte[] write(RemoteEntry.Blob tarball, RemoteEntry.Blob record, Map<String, String> annotations) {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MANIFEST_MEDIA_TYPE);
        m.put("artifactType", ARTIFACT_TYPE);
        ObjectNode config = m.putObject("config");
        config.put("mediaType", EMPTY_MEDIA_TYPE);
        config.put("digest", EMPTY_CONFIG_DIGEST);
        config.put("size", EMPTY_CONFIG.length);
        config.put("data", "e30=");
        ArrayNode layers = m.putArray("layers");
        for (RemoteEntry.Blob b : List.of(tarball, record)) {
            ObjectNode layer = layers.addObject();
            layer.put("mediaType", b.mediaType());
            layer.put("digest", b.digest());
            layer.put("size", b.size());
            layer.putObject("annotations").put(TITLE, b.title());
        }
        ObjectNode a = m.putObject("annotations");
        annotations.forEach(a::put);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
