package io.katarelease.core.build;

import io.katarelease.core.ReleaseException.Reason;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.build.remote.RemoteCacheException;
import io.katarelease.core.build.remote.RemoteEntry;
import io.katarelease.core.ledger.DamagedStateException;
import io.katarelease.core.ledger.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads what the two levels of the build cache hold, and which releases used each key. */
final class CacheLevels {
    private CacheLevels() {}

    /** The releases that used a key, and when last. */
    record Usage(List<String> releases, Instant lastUsed) {}

    /** An entry of the local cache, with its record when readable. */
    record Local(CacheEntry entry, BuildRecord record) {}

    /** An entry of the registry. */
    record Remote(CacheEntry entry, RemoteEntry remote) {}

    /** What the registry's repository holds. */
    record RemoteListing(List<Remote> entries, List<ForeignTag> foreign) {}

    /** @return per cache key, the release tags whose ledgers record a build stage with it */
    static Map<String, Usage> usage(Path stateDir, List<String> warnings) throws IOException {
        Map<String, TreeSet<String>> tags = new HashMap<>();
        Map<String, Instant> last = new HashMap<>();
        if (stateDir == null || !Files.isDirectory(stateDir)) {
            return Map.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(stateDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            String release = file.getFileName().toString().replaceFirst("\\.json$", "");
            Ledger ledger;
            try {
                ledger = Ledger.open(stateDir, release);
            } catch (DamagedStateException e) {
                warnings.add("the ledger " + file + " was not read (" + e.getMessage() + "); the releases shown"
                        + " may miss " + release);
                continue;
            }
            ledger.stages().forEach((stage, s) -> {
                String key = s.inputs().get("cacheKey");
                if (stage.startsWith("build ") && key != null) {
                    tags.computeIfAbsent(key, k -> new TreeSet<>()).add(release);
                    Instant at = Instant.parse(s.finishedAt());
                    last.merge(key, at, (a, b) -> a.isAfter(b) ? a : b);
                }
            });
        }
        Map<String, Usage> usage = new HashMap<>();
        tags.forEach((key, t) -> usage.put(key, new Usage(List.copyOf(t), last.get(key))));
        return usage;
    }

    /** @return every entry of the local cache, damaged ones included (with what is known of them) */
    static List<Local> local(ArtifactCache cache, Map<String, Usage> usage) throws IOException {
        List<Local> found = new ArrayList<>();
        for (Path componentDir : children(cache.dir())) {
            String component = componentDir.getFileName().toString();
            for (Path entry : children(componentDir)) {
                String key = entry.getFileName().toString();
                BuildRecord record = readRecord(entry.resolve(ArtifactCache.RECORD));
                Instant touched = Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant();
                Usage u = usage.get(key);
                found.add(new Local(new CacheEntry(CacheEntry.LOCAL, component, record == null ? null : record.version(),
                        record == null ? null : record.arch(), folderSize(entry), record == null ? null : record.startedAt(),
                        later(touched, u).toString(), key, entry.toString(), u == null ? List.of() : u.releases()),
                        record));
            }
        }
        return found;
    }

    /**
     * @param wanted which tags to read (the others are not asked for)
     * @return the repository's kata-release entries, and the tags that are something else
     * @throws RemoteCacheException when the registry refuses or fails (not for a foreign tag)
     */
    static RemoteListing remote(RegistryCache registry, Map<String, Usage> usage, Predicate<String> wanted)
            throws RemoteCacheException {
        List<Remote> entries = new ArrayList<>();
        List<ForeignTag> foreign = new ArrayList<>();
        for (String tag : registry.tags().stream().sorted().toList()) {
            if (!wanted.test(tag)) {
                continue;
            }
            RemoteEntry e;
            try {
                e = registry.inspect(tag);
            } catch (RemoteCacheException x) {
                if (x.reason() == Reason.STATE_DAMAGED) {
                    foreign.add(new ForeignTag(tag, x.getMessage()));
                    continue;
                }
                if (x.getMessage().contains("HTTP 404")) {
                    continue; // deleted between the listing and the read
                }
                throw x;
            }
            String component = e.annotation(RegistryCache.COMPONENT);
            String key = e.annotation(RegistryCache.CACHE_KEY);
            if (component == null || key == null || !tag.equals(RegistryCache.tag(component, key))) {
                foreign.add(new ForeignTag(tag, "its annotations name no component and cache key matching the tag"));
                continue;
            }
            String created = e.annotation(RegistryCache.CREATED);
            Usage u = usage.get(key);
            Instant last = later(parse(created), u);
            entries.add(new Remote(new CacheEntry(CacheEntry.REMOTE, component,
                    e.annotation(RegistryCache.ANNOTATION + "version"), e.annotation(RegistryCache.ANNOTATION + "arch"),
                    e.artifact().size() + e.record().size(), created, last == Instant.EPOCH ? null : last.toString(),
                    key, registry.location(e), u == null ? List.of() : u.releases()), e));
        }
        return new RemoteListing(entries, foreign);
    }

    private static Instant later(Instant own, Usage u) {
        Instant t = own == null ? Instant.EPOCH : own;
        return u != null && u.lastUsed().isAfter(t) ? u.lastUsed() : t;
    }

    private static Instant parse(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static BuildRecord readRecord(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return ArtifactCache.readRecord(file);
        } catch (IOException e) {
            return null; // listed as damaged; the next build of the key replaces it
        }
    }

    /** @return the sub-folders, without the cache's own {@code .tmp} and {@code .locks} */
    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    private static long folderSize(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // removed meanwhile
                }
            }).sum();
        }
    }
}
