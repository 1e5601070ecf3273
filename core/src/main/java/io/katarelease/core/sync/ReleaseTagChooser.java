package io.katarelease.core.sync;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RefNames;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Picks the release tag {@code <tag>-<suffix>-<n>}: the fork's latest one when it already holds
 * exactly the release's tree (so a re-run changes nothing), else the next number.
 */
final class ReleaseTagChooser {
    private final RevWalk walk;
    private final SyncNames names;
    private final List<String> warnings;

    /** @param warnings where a moved upstream tag is reported */
    ReleaseTagChooser(RevWalk walk, SyncNames names, List<String> warnings) {
        this.walk = walk;
        this.names = names;
        this.warnings = warnings;
    }

    /**
     * @param number the release number
     * @param create whether the tag must be written; false when the fork's latest one is reused
     * @param head what the release branch and tag point at: the fresh replay, or the reused
     *     tag's commit (same tree)
     */
    record Choice(int number, boolean create, RevCommit head) {}

    /**
     * @param snapshot the fork's release tags
     * @param releaseHead the fork commits replayed onto the upstream tag
     * @param tagCommit the commit the upstream tag points at now
     * @throws InvalidInputException the latest release number is already the highest kata-release makes
     */
    Choice choose(SyncSnapshot snapshot, RevCommit releaseHead, RevCommit tagCommit)
            throws IOException, InvalidInputException {
        TreeMap<Integer, String> existing = snapshot.releaseTags(names.tag(), names.suffix());
        if (existing.isEmpty()) {
            return new Choice(0, true, releaseHead);
        }
        Map.Entry<Integer, String> latest = existing.lastEntry();
        ObjectId latestId = snapshot.forkRef(latest.getValue());
        warnIfUpstreamTagMoved(latest.getValue(), latestId, tagCommit);
        RevCommit latestCommit = walk.parseCommit(latestId);
        if (latestCommit.getTree().equals(releaseHead.getTree())) {
            return new Choice(latest.getKey(), false, latestCommit);
        }
        return new Choice(RefNames.nextReleaseNumber(latest.getValue().substring(Constants.R_TAGS.length()),
                latest.getKey()), true, releaseHead);
    }

    /** Upstream tags should never move; kata's are lightweight, so a re-tag is silent. */
    private void warnIfUpstreamTagMoved(String releaseTagRef, ObjectId releaseTagId, RevCommit tagCommit)
            throws IOException {
        if (!(walk.parseAny(releaseTagId) instanceof RevTag annotated)) {
            return;
        }
        walk.parseBody(annotated);
        Optional<String> madeFrom = ReleaseTagMessage.upstreamCommit(annotated.getFullMessage(), names.tag());
        if (madeFrom.isPresent() && !madeFrom.get().equals(tagCommit.name())) {
            warnings.add("upstream tag " + names.tag() + " moved: "
                    + releaseTagRef.substring(Constants.R_TAGS.length()) + " was made from "
                    + Texts.shortId(madeFrom.get()) + ", the tag now points at " + Texts.shortId(tagCommit.name())
                    + "; check with upstream before publishing");
        }
    }
}
