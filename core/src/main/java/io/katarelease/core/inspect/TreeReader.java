package io.katarelease.core.inspect;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Texts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reads paths of one commit's tree, without a working tree. */
final class TreeReader {
    /** A tree entry: its path, mode and object id. */
    record Entry(String path, FileMode mode, ObjectId id) {
        String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        boolean isTree() {
            return mode == FileMode.TREE;
        }

        boolean isFile() {
            return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
        }

        boolean isSymlink() {
            return mode == FileMode.SYMLINK;
        }
    }

    private final ObjectReader reader;
    private final RevTree tree;
    private final String label;

    TreeReader(ObjectReader reader, RevTree tree, String label) {
        this.reader = reader;
        this.tree = tree;
        this.label = label;
    }

    Optional<Entry> entry(String path) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(reader, path, tree)) {
            return tw == null ? Optional.empty() : Optional.of(new Entry(path, tw.getFileMode(0), tw.getObjectId(0)));
        }
    }

    /**
     * @return the entries directly inside {@code dir}, empty when it does not exist
     * @throws InvalidInputException when {@code dir} (or a parent) is a symlink or a file: kata
     *     would follow a link wherever it points, so a linked patch directory is refused
     */
    List<Entry> children(String dir) throws IOException, InvalidInputException {
        Optional<Entry> at = entry(dir);
        if (at.isEmpty()) {
            String parent = dir.contains("/") ? dir.substring(0, dir.lastIndexOf('/')) : "";
            if (!parent.isEmpty()) {
                checkNotLinkOrFile(parent);
            }
            return List.of();
        }
        checkNotLinkOrFile(dir);
        List<Entry> out = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(at.get().id());
            tw.setRecursive(false);
            while (tw.next()) {
                out.add(new Entry(dir + "/" + tw.getPathString(), tw.getFileMode(0), tw.getObjectId(0)));
            }
        }
        return out;
    }

    private void checkNotLinkOrFile(String dir) throws IOException, InvalidInputException {
        Optional<Entry> at = entry(dir);
        if (at.isPresent() && at.get().isSymlink()) {
            throw new InvalidInputException("the patch directory " + Texts.quote(dir) + " at " + label
                    + " is a symbolic link to " + Texts.quote(text(at.get().id(), 4096))
                    + "; kata-release does not follow links out of the tree: make it a real directory");
        }
        if (at.isPresent() && !at.get().isTree()) {
            throw new InvalidInputException(Texts.quote(dir) + " at " + label + " is a file, not a directory");
        }
    }

    /** @return a file's content as UTF-8, refusing files over {@code maxBytes} */
    String text(ObjectId blob, int maxBytes) throws IOException, InvalidInputException {
        long size = reader.getObjectSize(blob, org.eclipse.jgit.lib.Constants.OBJ_BLOB);
        if (size > maxBytes) {
            throw new InvalidInputException("a file of " + size + " bytes at " + label + " is larger than the "
                    + maxBytes + " bytes allowed here");
        }
        return new String(reader.open(blob).getBytes(), StandardCharsets.UTF_8);
    }

    /** @return the file's content, or empty when absent */
    Optional<String> file(String path, int maxBytes) throws IOException, InvalidInputException {
        Optional<Entry> e = entry(path);
        if (e.isEmpty() || !e.get().isFile()) {
            return Optional.empty();
        }
        return Optional.of(text(e.get().id(), maxBytes));
    }
}
