package io.katarelease.core.sync;

import io.katarelease.core.sync.CarriedCommit.Disposition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * Replays commits onto a new base with in-core three-way merges: no working tree, nothing left
 * behind but the new objects. Each commit keeps its author and message; the committer is the
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
     * @param picks the commits to replay, oldest first; each has exactly one parent
     * @param onto the new base
     * @param ontoName the base as shown in a conflict report
     * @param upstream what upstream did since the old base, to recognise upstreamed commits
     * @throws ConflictException at the first commit that does not apply; nothing is changed
     */
    Outcome replay(List<RevCommit> picks, RevCommit onto, String ontoName, UpstreamIndex upstream)
            throws IOException, ConflictException {
        RevCommit head = onto;
        List<CarriedCommit> out = new ArrayList<>();
        for (RevCommit pick : picks) {
            walk.parseBody(pick);
            Optional<String> equivalent = upstream.findEquivalent(pick);
            if (equivalent.isPresent()) {
                out.add(dropped(pick, Disposition.ALREADY_UPSTREAM, equivalent.get()));
                continue;
            }
            RevCommit parent = walk.parseCommit(pick.getParent(0));
            if (parent.getTree().equals(pick.getTree())) {
                out.add(dropped(pick, Disposition.EMPTY, "the commit changes no file"));
                continue;
            }
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, config);
            merger.setBase(parent.getTree());
            if (!merger.merge(head, pick)) {
                TreeSet<String> paths = new TreeSet<>(merger.getUnmergedPaths());
                if (merger.getFailingPaths() != null) {
                    paths.addAll(merger.getFailingPaths().keySet());
                }
                throw new ConflictException(new ConflictException.Conflict(ontoName, onto.name(), pick.name(),
                        pick.getShortMessage(), List.copyOf(paths), upstream.culprits(paths)));
            }
            ObjectId tree = merger.getResultTreeId();
            if (tree.equals(head.getTree())) {
                out.add(dropped(pick, Disposition.EMPTY, "its change is already in " + ontoName));
                continue;
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
            head = walk.parseCommit(id);
            out.add(new CarriedCommit(pick.name(), id.name(), pick.getShortMessage(), Disposition.APPLIED, null));
        }
        return new Outcome(head, out);
    }

    private static CarriedCommit dropped(RevCommit pick, Disposition why, String detail) {
        return new CarriedCommit(pick.name(), null, pick.getShortMessage(), why, detail);
    }
}
