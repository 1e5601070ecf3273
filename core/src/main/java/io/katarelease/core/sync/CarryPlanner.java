package io.katarelease.core.sync;

import io.katarelease.core.Texts;
import io.katarelease.core.sync.CarriedCommit.Disposition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * Decides, before anything is written, which fork commits go onto a new base and which are left
 * off and why: upstream already has the change (same patch-id, or a cherry-pick trailer naming a
 * commit it has), or the commit changes no file. What only the replay can tell (a conflict, a
 * change that became empty) is left to {@link Replayer}.
 */
final class CarryPlanner {
    private final ObjectReader reader;
    private final String patchBranch;
    private final String upstreamBranch;

    /**
     * @param patchBranch the fork's patch branch, for messages
     * @param upstreamBranch upstream's branch, for messages
     */
    CarryPlanner(ObjectReader reader, String patchBranch, String upstreamBranch) {
        this.reader = reader;
        this.patchBranch = patchBranch;
        this.upstreamBranch = upstreamBranch;
    }

    /**
     * The fork's side of the history.
     *
     * @param patchTip the patch branch as fetched
     * @param upstream upstream's branch head
     * @param base where the patch branch left upstream's branch
     * @param commits the patch branch's commits that upstream's branch lacks, oldest first
     */
    record ForkHistory(RevCommit patchTip, RevCommit upstream, RevCommit base, List<RevCommit> commits) {}

    /**
     * One fork commit and what to do with it.
     *
     * @param commit the fork commit
     * @param disposition {@code APPLIED} to replay it, {@code UNCHANGED} to keep it as it is, or
     *     why it is dropped
     * @param detail for a dropped commit, the evidence
     */
    record Pick(RevCommit commit, Disposition disposition, String detail) {}

    /**
     * @param onto the new base
     * @param picks one per fork commit, oldest first
     * @param upstream what upstream did since the old base, to name culprits of a conflict;
     *     {@code null} when nothing is replayed
     */
    record Plan(RevCommit onto, List<Pick> picks, UpstreamIndex upstream) {}

    /**
     * @throws UnsupportedHistoryException the patch branch shares no history with upstream, or
     *     holds merge commits
     */
    ForkHistory history(RevCommit patchTip, RevCommit upstream) throws IOException, UnsupportedHistoryException {
        RevCommit base = mergeBase(patchTip, upstream);
        return new ForkHistory(patchTip, upstream, base, forkOnlyCommits(patchTip, upstream));
    }

    /**
     * The patch branch onto upstream's branch: kept as it is when it is already based on it,
     * otherwise every commit upstream lacks is replayed.
     */
    Plan rebase(ForkHistory history) throws IOException {
        if (history.base().equals(history.upstream())) {
            List<Pick> kept = history.commits().stream()
                    .map(c -> new Pick(c, Disposition.UNCHANGED, null)).toList();
            return new Plan(history.upstream(), kept, null);
        }
        return plan(history, history.upstream(), history.base());
    }

    /**
     * The fork commits onto {@code onto} (the upstream tag). Commits upstream took after {@code
     * onto} are still carried, because {@code onto} lacks them.
     *
     * @throws UnsupportedHistoryException the patch branch shares no history with {@code onto}
     */
    Plan cherryPick(ForkHistory history, RevCommit onto) throws IOException, UnsupportedHistoryException {
        return plan(history, onto, mergeBase(history.patchTip(), onto));
    }

    private Plan plan(ForkHistory history, RevCommit onto, RevCommit oldBase) throws IOException {
        UpstreamIndex index = new UpstreamIndex(reader, onto, oldBase, history.commits());
        List<Pick> picks = new ArrayList<>();
        try (RevWalk walk = new RevWalk(reader)) {
            for (RevCommit c : history.commits()) {
                walk.parseBody(c);
                picks.add(pick(walk, index, c));
            }
        }
        return new Plan(onto, picks, index);
    }

    private Pick pick(RevWalk walk, UpstreamIndex index, RevCommit c) throws IOException {
        Optional<String> equivalent = index.findEquivalent(c);
        if (equivalent.isPresent()) {
            return new Pick(c, Disposition.ALREADY_UPSTREAM, equivalent.get());
        }
        RevCommit parent = walk.parseCommit(c.getParent(0));
        if (parent.getTree().equals(c.getTree())) {
            return new Pick(c, Disposition.EMPTY, "the commit changes no file");
        }
        return new Pick(c, Disposition.APPLIED, null);
    }

    private RevCommit mergeBase(RevCommit a, RevCommit b) throws IOException, UnsupportedHistoryException {
        try (RevWalk w = new RevWalk(reader)) {
            w.setRevFilter(RevFilter.MERGE_BASE);
            w.markStart(w.parseCommit(a));
            w.markStart(w.parseCommit(b));
            RevCommit base = w.next();
            if (base == null) {
                throw new UnsupportedHistoryException("the patch branch " + Texts.quote(patchBranch)
                        + " shares no history with upstream; it must be based on upstream's history");
            }
            return base;
        }
    }

    /** The commits of the patch branch that upstream lacks, oldest first; no merges. */
    private List<RevCommit> forkOnlyCommits(RevCommit patchTip, RevCommit upstream)
            throws IOException, UnsupportedHistoryException {
        List<RevCommit> commits = new ArrayList<>();
        List<String> merges = new ArrayList<>();
        try (RevWalk w = new RevWalk(reader)) {
            w.sort(RevSort.TOPO);
            w.sort(RevSort.REVERSE, true);
            w.markStart(w.parseCommit(patchTip));
            w.markUninteresting(w.parseCommit(upstream));
            for (RevCommit c : w) {
                if (c.getParentCount() != 1) {
                    merges.add(Texts.shortId(c.name()) + " \"" + c.getShortMessage() + "\"");
                }
                commits.add(c);
            }
        }
        if (!merges.isEmpty()) {
            throw new UnsupportedHistoryException("the patch branch " + Texts.quote(patchBranch)
                    + " has merge commits, which cannot be replayed one by one: " + String.join(", ", merges)
                    + ". Linearize it (for example: git rebase upstream/" + upstreamBranch + " " + patchBranch
                    + ", which flattens merges), push it with --force-with-lease, and run again.");
        }
        return commits;
    }
}
