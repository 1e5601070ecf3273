package io.katarelease.core.build;

import io.katarelease.core.ReleaseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lists the entries of both cache levels, with the releases that used each key. */
public final class CacheListCommand extends CacheCommand<CacheListCommand, CacheListCommand.Result> {

    /**
     * What the cache holds.
     *
     * @param entries local entries first (by component and key), then remote ones (by tag)
     * @param foreign tags of the registry's repository that are not kata-release artefacts
     * @param remote the remote cache read, or null when none was given
     * @param warnings things to read (an unreadable ledger …)
     */
    public record Result(List<CacheEntry> entries, List<ForeignTag> foreign, String remote, List<String> warnings) {}

    @Override
    Result run() throws ReleaseException, IOException {
        List<String> warnings = new ArrayList<>();
        Map<String, CacheLevels.Usage> usage = usage(warnings);
        List<CacheEntry> entries = new ArrayList<>();
        CacheLevels.local(local(), usage).forEach(l -> entries.add(l.entry()));
        List<ForeignTag> foreign = List.of();
        if (remote() != null) {
            CacheLevels.RemoteListing listing = CacheLevels.remote(remote(), usage, tag -> true);
            listing.entries().forEach(r -> entries.add(r.entry()));
            foreign = listing.foreign();
        }
        return new Result(List.copyOf(entries), List.copyOf(foreign),
                remote() == null ? null : remote().reference().toString(), List.copyOf(warnings));
    }
}
