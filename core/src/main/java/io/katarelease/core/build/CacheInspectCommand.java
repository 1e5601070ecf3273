package io.katarelease.core.build;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.build.remote.RemoteCacheException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shows the full record of one cache entry in both levels: its inputs, command and artefact, and
 * for the remote one the manifest's annotations.
 */
public final class CacheInspectCommand extends CacheCommand<CacheInspectCommand, CacheInspectCommand.Result> {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{6,64}");
    private static final Pattern TAG = Pattern.compile("([a-z0-9][a-z0-9-]{0,40})-([0-9a-f]{6,64})");

    private String query;

    /**
     * One level's copy of the entry.
     *
     * @param entry what {@code cache ls} shows of it
     * @param record its build record, or null when unreadable
     * @param annotations the manifest's annotations (remote), or empty
     */
    public record Inspected(CacheEntry entry, BuildRecord record, Map<String, String> annotations) {}

    /**
     * @param query what was asked for
     * @param entries the entry in each level that holds it (local first)
     * @param warnings things to read
     */
    public record Result(String query, List<Inspected> entries, List<String> warnings) {}

    /** A cache key, a prefix of one (at least 6 hex digits), or a tag {@code <component>-<key>}. Required. */
    public CacheInspectCommand setQuery(String query) {
        this.query = query;
        return this;
    }

    @Override
    Result run() throws ReleaseException, IOException {
        String q = query == null ? "" : query.strip();
        Matcher tag = TAG.matcher(q);
        String component = KEY.matcher(q).matches() ? null : tag.matches() ? tag.group(1) : "";
        if ("".equals(component)) {
            throw new InvalidInputException("the cache entry " + Texts.quote(q) + " is neither a cache key (at least 6"
                    + " hex digits, as `kata-release cache ls` shows) nor a tag <component>-<key>");
        }
        String prefix = component == null ? q : tag.group(2);
        List<String> warnings = new ArrayList<>();
        Map<String, CacheLevels.Usage> usage = usage(warnings);
        List<Inspected> found = new ArrayList<>();
        for (CacheLevels.Local l : CacheLevels.local(local(), usage)) {
            if (matches(l.entry().component(), l.entry().key(), component, prefix)) {
                found.add(new Inspected(l.entry(), l.record(), Map.of()));
            }
        }
        if (remote() != null) {
            CacheLevels.RemoteListing listing = CacheLevels.remote(remote(), usage, t -> {
                int dash = t.lastIndexOf('-');
                return dash > 0 && matches(t.substring(0, dash), t.substring(dash + 1), component, prefix);
            });
            for (CacheLevels.Remote r : listing.entries()) {
                found.add(new Inspected(r.entry(), remoteRecord(r, warnings), r.remote().annotations()));
            }
        }
        checkOne(q, found);
        return new Result(q, List.copyOf(found), List.copyOf(warnings));
    }

    private static boolean matches(String component, String key, String wantedComponent, String prefix) {
        return key.startsWith(prefix) && (wantedComponent == null || wantedComponent.equals(component));
    }

    private BuildRecord remoteRecord(CacheLevels.Remote r, List<String> warnings) throws RemoteCacheException {
        try {
            return ArtifactCache.JSON.readValue(remote().fetchRecord(r.remote()), BuildRecord.class);
        } catch (RemoteCacheException e) {
            if (e.reason() != ReleaseException.Reason.STATE_DAMAGED) {
                throw e;
            }
            warnings.add(e.getMessage());
        } catch (IOException e) {
            warnings.add("the build record of " + r.remote().tag() + " is not a kata-release build record");
        }
        return null;
    }

    private void checkOne(String q, List<Inspected> found) throws ReleaseException {
        TreeSet<String> tags = new TreeSet<>();
        found.forEach(i -> tags.add(i.entry().tag()));
        if (tags.isEmpty()) {
            throw new NotFoundException("no entry of the local cache " + local().dir()
                    + (remote() == null ? "" : " or of " + remote().reference()) + " matches " + Texts.quote(q)
                    + "; `kata-release cache ls` lists the entries");
        }
        if (tags.size() > 1) {
            throw new InvalidInputException(Texts.quote(q) + " matches " + tags.size() + " entries (" + String.join(", ", tags)
                    + "); give more digits of the key, or the whole tag");
        }
    }
}
