package io.katarelease.core.sync;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.git.RefNames;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What the remotes held when the run fetched them. Every later step plans from this alone, and
 * the push leases on the fork values in it.
 *
 * @param upstreamMain upstream's branch head
 * @param upstreamTag the upstream tag's value as advertised (a commit, or a tag object)
 * @param fork the fork refs the run fetched (branches, the upstream tag, release tags), in fetch
 *     order; a ref the fork lacks is absent
 */
record SyncSnapshot(ObjectId upstreamMain, ObjectId upstreamTag, Map<String, ObjectId> fork) {

    /** @return the fork's value of {@code ref}, or {@code null} when the fork lacks it */
    ObjectId forkRef(String ref) {
        return fork.get(ref);
    }

    /**
     * @return the fork's release tags of {@code <tag>-<suffix>-<n>} by {@code n}; with two names
     *     for one number, the later in fetch order
     */
    TreeMap<Integer, String> releaseTags(String tag, String suffix) throws InvalidInputException {
        TreeMap<Integer, String> existing = new TreeMap<>();
        for (String name : fork.keySet()) {
            OptionalInt number = name.startsWith(Constants.R_TAGS)
                    ? RefNames.releaseNumber(name, tag, suffix) : OptionalInt.empty();
            if (number.isPresent()) {
                existing.put(number.getAsInt(), name);
            }
        }
        return existing;
    }
}
