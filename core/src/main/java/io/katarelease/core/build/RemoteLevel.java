package io.katarelease.core.build;

import io.katarelease.core.KataRelease;
import io.katarelease.core.ReleaseException.Reason;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.build.remote.RemoteCacheException;
import io.katarelease.core.build.remote.RemoteEntry;
import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry as the second level of the build cache, between the local cache and the build.
 * It is an optimisation: every fault of the registry is a warning and the build goes on. What it
 * serves is checked (the record names the key and the tarball's digest, the tarball matches its
 * digest) before the local cache stores it; the local cache checks the digest again as it copies.
 */
final class RemoteLevel {
    private final RegistryCache registry;
    private final ArtifactCache local;
    private final Progress progress;
    private final List<String> warnings;

    RemoteLevel(RegistryCache registry, ArtifactCache local, Progress progress, List<String> warnings) {
        this.registry = registry;
        this.local = local;
        this.progress = progress;
        this.warnings = warnings;
    }

    /** An entry taken from the registry and now in the local cache. */
    record Fetched(ArtifactCache.Hit hit, String remote) {}

    /** @return the key's artefact from the registry, stored in the local cache; empty on a miss or a fault */
    Optional<Fetched> fetch(String component, String key) throws IOException {
        try {
            Optional<RemoteEntry> found = registry.find(component, key);
            if (found.isEmpty()) {
                progress.step("remote cache miss: " + registry.reference() + " has no " + RegistryCache.tag(component, key));
                return Optional.empty();
            }
            RemoteEntry entry = found.get();
            BuildRecord record = checkedRecord(entry, component, key);
            progress.step("remote cache hit: downloading " + entry.artifact().title() + " ("
                    + entry.artifact().size() / (1 << 20) + " MiB) from " + registry.reference());
            long start = System.nanoTime();
            ArtifactCache.Hit hit = local.storeWritten(component, key, entry.artifact().title(), record,
                    file -> registry.pull(entry, file, progress));
            long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
            progress.step("remote cache hit: " + entry.artifact().title() + " downloaded, checked and stored in "
                    + millis / 1000.0 + " s (" + (entry.artifact().size() * 1000 / millis) / (1 << 20) + " MiB/s)");
            return Optional.of(new Fetched(hit, registry.location(entry)));
        } catch (RemoteCacheException e) {
            warn("the remote cache " + registry.reference() + " was not used: " + e.getMessage()
                    + "; building instead");
            return Optional.empty();
        }
    }

    private BuildRecord checkedRecord(RemoteEntry entry, String component, String key) throws RemoteCacheException {
        BuildRecord record;
        try {
            record = ArtifactCache.JSON.readValue(registry.fetchRecord(entry), BuildRecord.class);
        } catch (IOException e) {
            throw RegistryCache.refused(entry.tag(), "its build record is not a kata-release build record");
        }
        if (record.artifact() == null || !key.equals(record.cacheKey()) || !component.equals(record.component())
                || !entry.artifact().sha256().equals(record.artifact().sha256())
                || record.artifact().size() != entry.artifact().size()) {
            throw RegistryCache.refused(entry.tag(), "its build record names another key, component or tarball");
        }
        // The local cache names the stored file after the record; the registry's title is what was pulled.
        return new BuildRecord(record.component(), record.version(), record.arch(), record.cacheKey(),
                record.inputs(), record.command(), record.environment(), record.startedAt(), record.durationMillis(),
                new BuildRecord.Artifact(entry.artifact().title(), record.artifact().size(), record.artifact().sha256()),
                false);
    }

    /**
     * Pushes a fresh build (best effort). When the tag appeared meanwhile (another agent built
     * the same key), that entry is kept.
     *
     * @return {@code REF@digest} of the entry in the registry, or null when the push failed
     */
    String push(ArtifactCache.Hit hit, List<BuildRecord.Input> inputs) {
        BuildRecord record = hit.record();
        String component = record.component();
        String key = record.cacheKey();
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<RemoteEntry> there = registry.find(component, key);
                if (there.isPresent()) {
                    progress.step("remote cache: " + there.get().tag() + " is already there (pushed by another build)");
                    return registry.location(there.get());
                }
                progress.step("pushing " + hit.artifact().getFileName() + " to " + registry.reference());
                RemoteEntry pushed = registry.push(component, key, hit.artifact(), record.artifact().sha256(),
                        ArtifactCache.JSON.writeValueAsBytes(record), annotations(record, inputs));
                return registry.location(pushed);
            } catch (RemoteCacheException e) {
                // Two first writes of one tag at once: the registry may refuse one (distribution
                // answers 400 or 500); once more finds the winner's entry.
                if (attempt == 1 && e.reason() == Reason.REMOTE_UNAVAILABLE && e.getMessage().contains("HTTP")) {
                    continue;
                }
                notPushed(component, e.getMessage());
                return null;
            } catch (IOException e) {
                notPushed(component, "its record could not be written (" + e.getClass().getSimpleName() + ")");
                return null;
            }
        }
    }

    /** @return what the manifest says of the build, beyond component and key */
    static Map<String, String> annotations(BuildRecord record, List<BuildRecord.Input> inputs) {
        Map<String, String> a = new TreeMap<>();
        a.put("version", record.version());
        a.put("arch", record.arch());
        StringBuilder patches = new StringBuilder();
        for (BuildRecord.Input i : inputs) {
            if (i.kind().equals("patch")) {
                patches.append(i.sha256()).append("  ").append(i.name()).append('\n');
            }
        }
        a.put("patches", patches.toString());
        a.put("tool-version", KataRelease.version());
        return a;
    }

    private void notPushed(String component, String why) {
        warn("the " + component + " artefact was not pushed to the remote cache " + registry.reference() + ": " + why);
    }

    private void warn(String message) {
        warnings.add(message);
        progress.warn(message);
    }
}
