package io.katarelease.core.inspect;

import io.katarelease.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A commit's tree, read without a working tree. */
final class GitTree extends PatchTree {
    private final ObjectReader reader;
    private final RevTree tree;

    GitTree(ObjectReader reader, RevTree tree, String label) {
        super(label);
        this.reader = reader;
        this.tree = tree;
    }

    @Override
    Optional<Entry> entry(String path) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(reader, path, tree)) {
            return tw == null ? Optional.empty() : Optional.of(new Entry(path, tw.getFileMode(0), tw.getObjectId(0)));
        }
    }

    @Override
    List<Entry> list(Entry dir) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(dir.id());
            tw.setRecursive(false);
            while (tw.next()) {
                out.add(new Entry(dir.path() + "/" + tw.getPathString(), tw.getFileMode(0), tw.getObjectId(0)));
            }
        }
        return out;
    }

    @Override
    String read(Entry entry, int maxBytes) throws IOException, InvalidInputException {
        long size = reader.getObjectSize(entry.id(), Constants.OBJ_BLOB);
        if (size > maxBytes) {
            throw new InvalidInputException(entry.path() + " at " + label() + " has " + size + " bytes, more than the "
                    + maxBytes + " allowed here");
        }
        return new String(reader.open(entry.id()).getBytes(), StandardCharsets.UTF_8);
    }
}
