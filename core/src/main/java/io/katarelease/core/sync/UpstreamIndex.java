package io.katarelease.core.sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.diff.PatchIdDiffFormatter;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What upstream did between the fork's old base and a new base ({@code target}), as far as the
 * fork's commits care: the patch-ids of upstream commits that touch the paths the fork touches,
 * and the commits that touched a given path.
 *
 * <p>Only upstream commits touching the fork's paths are diffed, which keeps a cold run over a
 * year of upstream history cheap.
 */
final class UpstreamIndex {
    /** git's trailer for {@code cherry-pick -x}. */
    private static final Pattern CHERRY_PICKED =
            Pattern.compile("^\\(cherry picked from commit ([0-9a-f]{40})\\)\\s*$", Pattern.MULTILINE);
    private static final int MAX_CULPRITS = 20;

    private final ObjectReader reader;
    private final RevCommit target;
    private final RevCommit oldBase;
    private final Map<ObjectId, UpstreamCommit> byPatchId = new HashMap<>();

    /**
     * @param reader reads the cache repository
     * @param target the new base (upstream main, or the upstream tag)
     * @param oldBase where the fork's commits branched off upstream
     * @param forkCommits the fork's commits, whose touched paths select the upstream commits to diff
     */
    UpstreamIndex(ObjectReader reader, RevCommit target, RevCommit oldBase, Collection<RevCommit> forkCommits)
            throws IOException {
        this.reader = reader;
        this.target = target;
        this.oldBase = oldBase;
        Set<String> paths = new LinkedHashSet<>();
        for (RevCommit c : forkCommits) {
            paths.addAll(touchedPaths(reader, c));
        }
        if (!paths.isEmpty()) {
            for (RevCommit u : upstreamCommitsTouching(paths, Integer.MAX_VALUE)) {
                if (isSingleParent(reader, u)) {
                    byPatchId.putIfAbsent(patchId(reader, u), new UpstreamCommit(u.name(), u.getShortMessage()));
                }
            }
        }
    }

    /**
     * @return the upstream commit that already carries the change of {@code forkCommit}: named by
     *     its {@code (cherry picked from commit …)} trailer and reachable from the target, or with
     *     the same patch-id
     */
    Optional<String> findEquivalent(RevCommit forkCommit) throws IOException {
        Matcher m = CHERRY_PICKED.matcher(forkCommit.getFullMessage());
        while (m.find()) {
            ObjectId named = ObjectId.fromString(m.group(1));
            if (reachableFromTarget(named)) {
                return Optional.of("cherry-picked from " + named.name() + ", which upstream has");
            }
        }
        if (forkCommit.getParentCount() == 1) {
            UpstreamCommit same = byPatchId.get(patchId(reader, forkCommit));
            if (same != null) {
                return Optional.of("same change as upstream " + same.id() + " \"" + same.subject() + "\"");
            }
        }
        return Optional.empty();
    }

    /** @return upstream commits since the old base, newest first, that changed any of {@code paths} */
    List<UpstreamCommit> culprits(Collection<String> paths) throws IOException {
        List<UpstreamCommit> out = new ArrayList<>();
        for (RevCommit c : upstreamCommitsTouching(paths, MAX_CULPRITS)) {
            out.add(new UpstreamCommit(c.name(), c.getShortMessage()));
        }
        return out;
    }

    private List<RevCommit> upstreamCommitsTouching(Collection<String> paths, int max) throws IOException {
        List<RevCommit> out = new ArrayList<>();
        if (paths.isEmpty()) {
            return out;
        }
        try (RevWalk walk = new RevWalk(reader)) {
            walk.setTreeFilter(AndTreeFilter.create(PathFilterGroup.createFromStrings(paths), TreeFilter.ANY_DIFF));
            walk.markStart(walk.parseCommit(target));
            walk.markUninteresting(walk.parseCommit(oldBase));
            for (RevCommit c : walk) {
                out.add(c);
                if (out.size() >= max) {
                    break;
                }
            }
        }
        return out;
    }

    private boolean reachableFromTarget(ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(reader)) {
            RevCommit named;
            try {
                named = walk.parseCommit(id);
            } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
                return false;
            }
            walk.setRevFilter(RevFilter.ALL);
            return walk.isMergedInto(named, walk.parseCommit(target));
        }
    }

    /** @return every path the commit adds, changes or removes relative to its first parent */
    static Set<String> touchedPaths(ObjectReader reader, RevCommit commit) throws IOException {
        Set<String> paths = new LinkedHashSet<>();
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            RevCommit real;
            try (RevWalk rw = new RevWalk(reader)) {
                real = rw.parseCommit(commit.getId());
                if (real.getParentCount() > 0) {
                    tw.addTree(rw.parseCommit(real.getParent(0)).getTree());
                }
            }
            if (real.getParentCount() == 0) {
                tw.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            }
            tw.addTree(real.getTree());
            while (tw.next()) {
                paths.add(tw.getPathString());
            }
        }
        return paths;
    }

    private static boolean isSingleParent(ObjectReader reader, RevCommit commit) throws IOException {
        try (RevWalk rw = new RevWalk(reader)) {
            return rw.parseCommit(commit.getId()).getParentCount() == 1;
        }
    }

    private static ObjectId patchId(ObjectReader reader, RevCommit commit) throws IOException {
        try (RevWalk rw = new RevWalk(reader);
                PatchIdDiffFormatter f = new PatchIdDiffFormatter()) {
            f.setReader(reader, new org.eclipse.jgit.lib.Config());
            // Parse afresh: a commit from a path-filtered walk has rewritten parents.
            RevCommit real = rw.parseCommit(commit.getId());
            f.format(rw.parseCommit(real.getParent(0)).getTree(), real.getTree());
            f.flush();
            return f.getCalulatedPatchId();
        }
    }

}
