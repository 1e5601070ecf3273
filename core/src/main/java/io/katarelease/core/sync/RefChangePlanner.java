package io.katarelease.core.sync;

import io.katarelease.core.Texts;
import io.katarelease.core.sync.RefChange.Kind;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Turns "the fork had X, the release wants Y" into {@link RefChange}s: how each ref moves, and a
 * backup ref for every branch whose history is replaced.
 */
final class RefChangePlanner {
    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ObjectReader reader;
    private final List<String> warnings;

    /** @param warnings where refs left as they are get reported */
    RefChangePlanner(ObjectReader reader, List<String> warnings) {
        this.reader = reader;
        this.warnings = warnings;
    }

    /**
     * @param old the fork's value, or {@code null} when it lacks the branch
     * @param keepIfAhead leave the branch alone when it already contains {@code wanted} (a
     *     release branch with commits on top of a reused release)
     */
    RefChange branch(String ref, ObjectId old, ObjectId wanted, boolean keepIfAhead) throws IOException {
        if (old == null) {
            return new RefChange(ref, null, wanted.name(), Kind.CREATE);
        }
        if (old.equals(wanted)) {
            return new RefChange(ref, old.name(), old.name(), Kind.UNCHANGED);
        }
        if (isAncestor(old, wanted)) {
            return new RefChange(ref, old.name(), wanted.name(), Kind.FAST_FORWARD);
        }
        if (keepIfAhead && isAncestor(wanted, old)) {
            warnings.add(ref + " has commits beyond the release " + Texts.shortId(wanted.name())
                    + "; left as it is");
            return new RefChange(ref, old.name(), old.name(), Kind.UNCHANGED);
        }
        return new RefChange(ref, old.name(), wanted.name(), Kind.REWRITE);
    }

    /**
     * The upstream tag is copied to the fork when the fork lacks it, so that the release branch's
     * base is named there too (and {@code git describe} works in fork builds). A fork tag of
     * the same name with another value is never overwritten.
     *
     * @param tag the upstream tag's short name, for the warning
     */
    RefChange upstreamTag(String ref, String tag, ObjectId upstreamValue, ObjectId forkValue) {
        if (forkValue == null) {
            return new RefChange(ref, null, upstreamValue.name(), Kind.CREATE);
        }
        if (!forkValue.equals(upstreamValue)) {
            warnings.add("the fork's tag " + tag + " (" + Texts.shortId(forkValue.name()) + ") differs from upstream's ("
                    + Texts.shortId(upstreamValue.name()) + "); left as it is");
        }
        return new RefChange(ref, forkValue.name(), forkValue.name(), Kind.UNCHANGED);
    }

    /**
     * @return {@code refs} with, first, a backup ref for each rewritten branch that keeps its old
     *     value on the fork, named after the branch, {@code when} and the old value
     */
    static List<RefChange> withBackups(List<RefChange> refs, Instant when) {
        List<RefChange> out = new ArrayList<>();
        String stamp = BACKUP_STAMP.format(when);
        for (RefChange r : refs) {
            if (r.kind() == Kind.REWRITE) {
                String branch = r.ref().substring(Constants.R_HEADS.length());
                out.add(new RefChange(SyncCommand.BACKUP_NS + branch + "/" + stamp + "-" + r.oldId().substring(0, 12),
                        null, r.oldId(), Kind.BACKUP));
            }
        }
        out.addAll(refs);
        return out;
    }

    private boolean isAncestor(ObjectId ancestor, ObjectId tip) throws IOException {
        try (RevWalk w = new RevWalk(reader)) {
            return w.isMergedInto(w.parseCommit(ancestor), w.parseCommit(tip));
        }
    }
}
