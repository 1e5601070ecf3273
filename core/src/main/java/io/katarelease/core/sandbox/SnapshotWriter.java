package io.katarelease.core.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * Writes a linear history into a bare repository from whole-tree snapshots (path to text), with
 * plumbing only: no working tree, no git binary. Times advance one minute per commit from a
 * fixed start, so the same script gives the same commit ids.
 */
final class SnapshotWriter implements AutoCloseable {
    private final Repository repo;
    private final ObjectInserter inserter;
    private final TreeMap<String, String> files = new TreeMap<>();
    private final PersonIdent author;
    private Instant time;
    private ObjectId head;

    SnapshotWriter(Repository repo, PersonIdent author, Instant start, ObjectId parent, Map<String, String> tree) {
        this.repo = repo;
        this.inserter = repo.newObjectInserter();
        this.author = author;
        this.time = start;
        this.head = parent;
        this.files.putAll(tree);
    }

    /** @return the files of the current snapshot (a copy) */
    Map<String, String> files() {
        return new TreeMap<>(files);
    }

    /** Applies changes (a null value deletes the path) and commits them on top of the head. */
    ObjectId commit(String message, Map<String, String> changes) throws IOException {
        changes.forEach((path, content) -> {
            if (content == null) {
                files.remove(path);
            } else {
                files.put(path, content);
            }
        });
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, String> f : files.entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(f.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8)));
            builder.add(entry);
        }
        builder.finish();
        time = time.plusSeconds(60);
        PersonIdent when = new PersonIdent(author, time, ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(index.writeTree(inserter));
        if (head != null) {
            commit.setParentId(head);
        }
        commit.setAuthor(when);
        commit.setCommitter(when);
        commit.setMessage(message + "\n");
        head = inserter.insert(commit);
        inserter.flush();
        return head;
    }

    /** Points {@code ref} at {@code id}, creating or moving it. */
    void update(String ref, ObjectId id) throws IOException {
        RefUpdate u = repo.updateRef(ref);
        u.setNewObjectId(id);
        u.setForceUpdate(true);
        RefUpdate.Result r = u.update();
        if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE
                && r != RefUpdate.Result.FAST_FORWARD) {
            throw new IOException("could not set " + ref + ": " + r);
        }
    }

    ObjectId head() {
        return head;
    }

    Instant time() {
        return time;
    }

    @Override
    public void close() {
        inserter.close();
    }
}
