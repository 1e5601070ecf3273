package io.katarelease.core.build.remote;

import io.katarelease.core.build.BuildRecord;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException.Reason;
import io.katarelease.core.Texts;
import io.katarelease.core.build.Digests;
import io.katarelease.core.files.AtomicFiles;
import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import land.oras.ContainerRef;
import land.oras.Descriptor;
import land.oras.Manifest;
import land.oras.Registry;
import land.oras.Tags;

/**
 * A repository of an OCI registry holding kata-release build artefacts, one tag per cache key
 * ({@code <component>-<key>}). Each artefact is a standard OCI artifact ({@link ArtifactManifest}:
 * the empty config, the tarball and the build record as layers, annotations naming what was
 * built). Any OCI client reads it ({@code skopeo inspect --raw}, {@code oras pull}, a plain GET of a
 * blob).
 *
 * <p>The registry is not trusted: manifests are checked field by field, blobs are read up to
 * the size the manifest announces and checked against its digest before anything is kept. Every
 * call is bounded in time (the registry client has a connect timeout only).
 */
public final class RegistryCache {
    /** The annotation with the time the entry was pushed. */
    public static final String CREATED = "org.opencontainers.image.created";
    /** Prefix of kata-release's own annotations. */
    public static final String ANNOTATION = "io.katarelease.";
    /** The annotations naming the component and the cache key an entry was built for. */
    public static final String COMPONENT = ANNOTATION + "component";
    public static final String CACHE_KEY = ANNOTATION + "cache-key";
    private static final int PAGE = 1000;

    private final RegistryReference reference;
    private final RegistryCredentials credentials;
    private final Registry registry;
    private final RegistryCalls calls;

    private RegistryCache(RegistryReference reference, RegistryCredentials credentials, RegistryCalls calls) {
        this.reference = reference;
        this.credentials = credentials;
        this.calls = calls;
        this.registry = Registry.builder().withInsecure(reference.plainHttp())
                .withAuthProvider(credentials.provider()).build();
    }

    /** @return the cache in the repository {@code reference}, used with {@code credentials} */
    public static RegistryCache open(RegistryReference reference, RegistryCredentials credentials)
            throws InvalidInputException {
        return open(reference, credentials, RegistryCalls.standard());
    }

    static RegistryCache open(RegistryReference reference, RegistryCredentials credentials, RegistryCalls calls)
            throws InvalidInputException {
        RegistryCache cache = new RegistryCache(reference, credentials, calls);
        // The client reads a bare name ("registry/repo") as Docker Hub's: refuse what it would misroute.
        ContainerRef probe = cache.ref("probe");
        if (!reference.registry().equalsIgnoreCase(probe.getRegistry())) {
            throw new InvalidInputException("the registry host " + Texts.quote(reference.host()) + " of "
                    + reference + " would be read as a path on " + probe.getRegistry() + "; give it with its"
                    + " domain or port (e.g. " + reference.host() + ".example.com or " + reference.host() + ":5000)");
        }
        return cache;
    }

    /** @return a copy whose calls have other limits (tests use short ones) */
    public RegistryCache withLimits(Duration call, Duration stall) {
        return new RegistryCache(reference, credentials, new RegistryCalls(call, stall, calls.perMiB()));
    }

    public RegistryReference reference() {
        return reference;
    }

    public RegistryCredentials credentials() {
        return credentials;
    }

    /** @return the tag of a cache key */
    public static String tag(String component, String key) {
        return component + "-" + key;
    }

    /** @return where an entry is, {@code REF@sha256:...} (the manifest's digest) */
    public String location(RemoteEntry entry) {
        return reference + "@" + entry.digest();
    }

    private ContainerRef ref(String tagOrDigest) {
        return ContainerRef.parse(reference.at(tagOrDigest));
    }

    /**
     * @return the entry tagged for the key, checked to be a kata-release artefact of that key, or
     *     empty when the tag does not exist
     */
    public Optional<RemoteEntry> find(String component, String key) throws RemoteCacheException {
        String tag = tag(component, key);
        Descriptor descriptor = descriptor(tag, true);
        if (descriptor == null) {
            return Optional.empty();
        }
        RemoteEntry entry = parse(tag, descriptor);
        if (!key.equals(entry.annotation(CACHE_KEY)) || !component.equals(entry.annotation(COMPONENT))) {
            throw damaged(tag, "its annotations name another component or cache key");
        }
        return Optional.of(entry);
    }

    /** @return the entry a tag names, checked to be a kata-release artefact (any key) */
    public RemoteEntry inspect(String tag) throws RemoteCacheException {
        return parse(tag, descriptor(tag, false));
    }

    /** @return the tag's manifest as the registry gives it; null for a missing tag when {@code orNull} */
    private Descriptor descriptor(String tag, boolean orNull) throws RemoteCacheException {
        return calls.bounded("read the manifest " + tag, credentials, () -> {
            try {
                return registry.getDescriptor(ref(tag));
            } catch (land.oras.exception.OrasException e) {
                if (orNull && e.getStatusCode() == 404) {
                    return null;
                }
                throw e;
            }
        });
    }

    private RemoteEntry parse(String tag, Descriptor descriptor) throws RemoteCacheException {
        return ArtifactManifest.parse(tag, descriptor.getJson(), descriptor.getDigest());
    }

    /** @return the build record of an entry, checked against its digest */
    public byte[] fetchRecord(RemoteEntry entry) throws RemoteCacheException {
        return calls.bounded("read the build record of " + entry.tag(), credentials, () -> {
            try (InputStream in = registry.fetchBlob(ref(entry.record().digest()))) {
                byte[] bytes = in.readNBytes((int) entry.record().size() + 1);
                if (bytes.length != entry.record().size() || !Digests.sha256(bytes).equals(entry.record().sha256())) {
                    throw new DigestMismatch();
                }
                return bytes;
            }
        });
    }

    /**
     * Streams an entry's tarball into {@code target} (created, never through a link), reading at
     * most the announced size and checking its SHA-256. On any failure {@code target} is removed.
     */
    public void pull(RemoteEntry entry, Path target, Progress progress) throws RemoteCacheException {
        RemoteEntry.Blob blob = entry.artifact();
        try {
            calls.streamed("download " + blob.title() + " of " + entry.tag(), credentials, blob.size(),
                    () -> registry.fetchBlob(ref(blob.digest())), in -> {
                        MessageDigest md = Digests.newSha256();
                        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                            HashingCopy.copy(in, out, md, blob.size() + 1, blob.size(), progress, blob.title());
                        }
                        if (Files.size(target) != blob.size() || !Digests.hex(md).equals(blob.sha256())) {
                            throw new DigestMismatch();
                        }
                        return null;
                    });
        } catch (RemoteCacheException | RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    /**
     * Pushes an artefact and its record: the blobs first, the tagged manifest last, so the tag
     * never names an incomplete artefact.
     *
     * @param annotations kata-release's annotations (without the prefix), e.g. component, version
     * @return the pushed entry
     */
    public RemoteEntry push(String component, String key, Path artifact, String artifactSha256, byte[] record,
            Map<String, String> annotations) throws RemoteCacheException {
        String tag = tag(component, key);
        String title = artifact.getFileName().toString();
        String mediaType = ArtifactManifest.tarballMediaType(title);
        long size;
        try {
            size = Files.size(artifact);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RemoteEntry.Blob tarball = new RemoteEntry.Blob(mediaType, "sha256:" + artifactSha256, size, title);
        RemoteEntry.Blob recordBlob = new RemoteEntry.Blob(ArtifactManifest.RECORD_MEDIA_TYPE, "sha256:" + Digests.sha256(record),
                record.length, BuildRecord.fileName(component));
        Map<String, String> all = new TreeMap<>();
        annotations.forEach((k, v) -> all.put(ANNOTATION + k, v));
        all.put(COMPONENT, component);
        all.put(CACHE_KEY, key);
        all.put(CREATED, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        byte[] manifest = ArtifactManifest.write(tarball, recordBlob, all);
        calls.bounded("push the empty config to " + reference, credentials,
                () -> registry.pushBlob(ref(ArtifactManifest.EMPTY_CONFIG_DIGEST), ArtifactManifest.emptyConfig()));
        calls.bounded("push the build record of " + tag, credentials,
                () -> registry.pushBlob(ref(recordBlob.digest()), record));
        calls.upload("push " + title + " of " + tag, credentials, size,
                () -> registry.pushBlob(ref(tarball.digest()), size, () -> {
                    try {
                        return AtomicFiles.openRegular(artifact);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, Map.of()));
        calls.bounded("push the manifest " + tag, credentials,
                () -> registry.pushManifest(ref(tag), Manifest.fromJson(new String(manifest, StandardCharsets.US_ASCII))));
        return new RemoteEntry(tag, "sha256:" + Digests.sha256(manifest), tarball, recordBlob, Map.copyOf(all));
    }

    /** @return every tag of the repository, following the registry's pages */
    public List<String> tags() throws RemoteCacheException {
        List<String> all = new ArrayList<>();
        String last = null;
        for (int page = 0; page < 1000; page++) {
            String after = last;
            Tags tags = calls.bounded("list the tags of " + reference, credentials, () -> {
                try {
                    return registry.getTags(ref("latest"), PAGE, after);
                } catch (land.oras.exception.OrasException e) {
                    if (e.getStatusCode() == 404) { // a repository nothing was pushed to yet
                        return new Tags(reference.repository(), List.of());
                    }
                    throw e;
                }
            });
            List<String> names = tags.tags() == null ? List.of() : tags.tags();
            all.addAll(names);
            if (names.isEmpty() || tags.last() == null || names.size() < PAGE) {
                break;
            }
            last = names.get(names.size() - 1);
        }
        return all;
    }

    /**
     * Deletes an entry's manifest by digest (its blobs go with the registry's garbage collection).
     *
     * @throws RemoteCacheException also when the registry does not allow deletes (HTTP 405, the
     *     distribution spec's UNSUPPORTED), with what to enable
     */
    public void delete(RemoteEntry entry) throws RemoteCacheException {
        calls.bounded("delete " + entry.tag(), credentials, () -> {
            try {
                registry.deleteManifest(ref(entry.digest()));
            } catch (land.oras.exception.OrasException e) {
                if (e.getStatusCode() == 405) {
                    throw new RemoteCacheException(Reason.REMOTE_UNAVAILABLE, "the registry " + reference
                            + " does not allow deleting (HTTP 405 UNSUPPORTED) " + entry.tag() + "; enable deletes"
                            + " there (distribution: storage.delete.enabled: true, REGISTRY_STORAGE_DELETE_ENABLED=true)"
                            + " or remove the tags with the registry's own tools");
                }
                throw e;
            }
            return null;
        });
    }

    /** @return the fault for an entry that is not used, and why */
    public static RemoteCacheException refused(String tag, String why) {
        return new RemoteCacheException(Reason.STATE_DAMAGED, "the remote cache entry " + tag + " was refused: " + why);
    }

    /** @return {@link #refused} for an entry that may not be kata-release's at all, with what to do */
    static RemoteCacheException damaged(String tag, String why) {
        return refused(tag, why + "; it is not used. Delete the tag if it is not a kata-release artefact");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // The caller's scratch folder is swept.
        }
    }

    /** Thrown inside a call when bytes do not match their digest. */
    static final class DigestMismatch extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
