package io.katarelease.core.build;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.build.remote.RemoteCacheException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes cache entries not used for a while, from the local cache, the remote one, or both.
 *
 * <p>An entry's last use is the later of its own time (local: the entry folder's time, which
 * every hit renews; remote: when it was pushed, as registries record no pulls) and the last
 * release ledger that built with its key. Nothing is removed without {@link #setUnusedFor} or
 * {@link #setAll}: pruning never guesses. An entry whose key a build on this machine holds locked
 * is skipped; a local entry goes by one atomic rename out of sight, then deletion, so a build
 * never sees half of one. A remote entry's manifest is deleted by digest; its blobs go with the
 * registry's garbage collection.
 */
public final class CachePruneCommand extends CacheCommand<CachePruneCommand, CachePruneCommand.Result> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhdw])");

    private String unusedFor;
    private boolean all;
    private boolean dryRun;
    private boolean local = true;
    private boolean remoteLevel = true;

    /**
     * An entry left in place.
     *
     * @param entry the entry
     * @param why why (a build holds its key)
     */
    public record Skipped(CacheEntry entry, String why) {}

    /**
     * What was removed.
     *
     * @param dryRun whether nothing was removed, only reported
     * @param unusedFor the age given, or null with "all"
     * @param removed the entries removed (or that would be)
     * @param skipped the old entries left because a build holds their key
     * @param kept how many entries were used more recently than the age
     * @param bytesFreed the bytes of the removed entries (remote: freed by the registry's garbage collection)
     * @param warnings things to read
     */
    public record Result(boolean dryRun, String unusedFor, List<CacheEntry> removed, List<Skipped> skipped, int kept,
            long bytesFreed, List<String> warnings) {}

    /** Removes entries not used for longer than this: {@code 30d}, {@code 12h}, {@code 1w2d}, {@code 90m}, {@code 45s}. */
    public CachePruneCommand setUnusedFor(String unusedFor) {
        this.unusedFor = unusedFor;
        return this;
    }

    /** Removes every entry (but those a build holds). */
    public CachePruneCommand setAll(boolean all) {
        this.all = all;
        return this;
    }

    /** Reports what would be removed, removing nothing. */
    public CachePruneCommand setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
        return this;
    }

    /** Which levels to prune. The default is both (the remote one when given). */
    public CachePruneCommand setLevels(boolean local, boolean remote) {
        this.local = local;
        this.remoteLevel = remote;
        return this;
    }

    /**
     * @return the duration of a text such as {@code 30d}, {@code 12h} or {@code 1d12h}
     * @throws InvalidInputException naming the text and the expected form
     */
    public static Duration parseDuration(String text) throws InvalidInputException {
        String t = text == null ? "" : text.strip();
        Matcher m = DURATION.matcher(t);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.lookingAt()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
            end = m.end();
            m.region(end, t.length());
        }
        if (t.isEmpty() || end != t.length()) {
            throw new InvalidInputException("unused period " + Texts.quote(t) + " is not a duration; give a number"
                    + " with a unit (s, m, h, d, w), e.g. 30d, 12h or 1w2d", Setting.UNUSED_FOR);
        }
        return d;
    }

    @Override
    Result run() throws ReleaseException, IOException {
        Instant cutoff = cutoff();
        if (!local && remote() == null) {
            throw new InvalidInputException("pruning the remote cache only needs a remote cache: give one as"
                    + " oci://HOST/REPOSITORY (or set $KATA_RELEASE_REMOTE_CACHE)", Setting.REMOTE_ONLY,
                    Setting.REMOTE_CACHE);
        }
        List<String> warnings = new ArrayList<>();
        Map<String, CacheLevels.Usage> usage = usage(warnings);
        Pruning p = new Pruning(cutoff);
        ArtifactCache cache = local();
        if (local) {
            for (CacheLevels.Local l : CacheLevels.local(cache, usage)) {
                p.consider(cache, l.entry(), () -> cache.remove(l.entry().component(), l.entry().key()));
            }
        }
        if (remoteLevel && remote() != null) {
            try {
                for (CacheLevels.Remote r : CacheLevels.remote(remote(), usage, tag -> true).entries()) {
                    p.consider(cache, r.entry(), () -> remote().delete(r.remote()));
                }
            } catch (RemoteCacheException e) {
                throw new RemoteCacheException(e.reason(), e.getMessage() + (p.removed.isEmpty() ? "" : "; before"
                        + " this, " + p.removed.size() + " entries were " + (dryRun ? "found to remove" : "removed")
                        + " (" + p.bytes + " bytes)"), e.settings().toArray(Setting[]::new));
            }
        }
        return new Result(dryRun, all ? null : unusedFor, List.copyOf(p.removed), List.copyOf(p.skipped), p.kept,
                p.bytes, List.copyOf(warnings));
    }

    private Instant cutoff() throws InvalidInputException {
        if (all == (unusedFor != null)) {
            throw all ? new InvalidInputException("give an unused period or all entries, not both",
                    Setting.UNUSED_FOR, Setting.PRUNE_ALL)
                    : new InvalidInputException("cache prune needs an unused period (e.g. 30d) or all entries: it never"
                    + " guesses what to remove; try a dry run first", Setting.UNUSED_FOR, Setting.PRUNE_ALL,
                    Setting.DRY_RUN);
        }
        return all ? Instant.MAX : clock().instant().minus(parseDuration(unusedFor));
    }

    /** One removal, local or remote. */
    private interface Removal {
        void remove() throws IOException, ReleaseException;
    }

    /** The running tally of a prune. */
    private final class Pruning {
        final Instant cutoff;
        final List<CacheEntry> removed = new ArrayList<>();
        final List<Skipped> skipped = new ArrayList<>();
        int kept;
        long bytes;

        Pruning(Instant cutoff) {
            this.cutoff = cutoff;
        }

        void consider(ArtifactCache cache, CacheEntry entry, Removal removal) throws IOException, ReleaseException {
            Instant last = entry.lastUsedAt() == null ? Instant.EPOCH : Instant.parse(entry.lastUsedAt());
            if (!last.isBefore(cutoff)) {
                kept++;
                return;
            }
            // A build of this key (on this machine) may be reading or filling the entry right now.
            Optional<ArtifactCache.Lock> lock = cache.tryLock(entry.component(), entry.key());
            if (lock.isEmpty()) {
                skipped.add(new Skipped(entry, "a build holds the lock of its key"));
                return;
            }
            try (ArtifactCache.Lock held = lock.get()) {
                if (!dryRun) {
                    removal.remove();
                }
            }
            removed.add(entry);
            bytes += entry.size();
        }
    }
}
