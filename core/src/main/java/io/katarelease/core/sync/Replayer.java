package io.katarelease.core.sync;

import io.katarelease.core.sync.CarriedCommit.Disposition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Replays a {@link CarryPlanner.Plan} onto its base with in-core three-way merges: no working
 * tree, nothing left behind but the new objects. Each commit keeps its author and message; the committer is the
 * run's identity.
 */
final class Replayer {
    private final ObjectInserter inserter;
    private final Config config;
    private final RevWalk walk;
    private final PersonIdent committer;

    Replayer(ObjectInserter inserter, Config config, RevWalk walk, PersonIdent committer) {
        this.inserter = inserter;
        this.config = config;
        this.walk = walk;
        this.committer = committer;
    }

    /** The new head and one entry per replayed commit, in order. */
    record Outcome(RevCommit head, List<CarriedCommit> commits) {}

    /**
     * Replays a plan: its dropped commits are reported as planned, its kept ones stay as they
     * are, and the rest are merged one by one onto the growing head.
     *
     * @param ontoName the base as shown in a conflict report
     * @throws ConflictException at the first commit that does not apply; nothing is changed
     */
    Outcome replay(CarryPlanner.Plan plan, String ontoName) throws IOException, ConflictException {
        RevCommit head = plan.onto();
        List<CarriedCommit> out = new ArrayList<>();
        for (CarryPlanner.Pick p : plan.picks()) {
            RevCommit pick = p.commit();
            switch (p.disposition()) {
                case UNCHANGED -> {
                    // Already on the base: the branch keeps this very commit.
                    head = pick;
                    out.add(new CarriedCommit(pick.name(), pick.name(), pick.getShortMessage(),
                            Disposition.UNCHANGED, null));
                }
                case ALREADY_UPSTREAM, EMPTY -> out.add(dropped(pick, p.disposition(), p.detail()));
                case APPLIED -> {
                    RevCommit next = apply(pick, head, plan, ontoName);
                    if (next == null) {
                        out.add(dropped(pick, Disposition.EMPTY, "its change is already in " + ontoName));
                    } else {
                        head = next;
                        out.add(new CarriedCommit(pick.name(), next.name(), pick.getShortMessage(),
                                Disposition.APPLIED, null));
                    }
                }
            }
        }
        return new Outcome(head, out);
    }

    /** @return the new commit of {@code pick} on {@code head}, or null when it changes nothing there */
    private RevCommit apply(RevCommit pick, RevCommit head, CarryPlanner.Plan plan, String ontoName)
            throws IOException, ConflictException {
        RevCommit parent = walk.parseCommit(pick.getParent(0));
        ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, config);
        merger.setBase(parent.getTree());
        if (!merger.merge(head, pick)) {
            TreeSet<String> paths = new TreeSet<>(merger.getUnmergedPaths());
            if (merger.getFailingPaths() != null) {
                paths.addAll(merger.getFailingPaths().keySet());
            }
            throw new ConflictException(new ConflictException.Conflict(ontoName, plan.onto().name(), pick.name(),
                    pick.getShortMessage(), List.copyOf(paths), plan.upstream().culprits(paths)));
        }
        ObjectId tree = merger.getResultTreeId();
        if (tree.equals(head.getTree())) {
            return null;
        }
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentId(head);
        commit.setAuthor(pick.getAuthorIdent());
        commit.setCommitter(committer);
        commit.setEncoding(pick.getEncoding());
        commit.setMessage(pick.getFullMessage());
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return walk.parseCommit(id);
    }

    private static CarriedCommit dropped(RevCommit pick, Disposition why, String detail) {
        return new CarriedCommit(pick.name(), null, pick.getShortMessage(), why, detail);
    }
}
