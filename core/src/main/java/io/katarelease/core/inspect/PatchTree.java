package io.katarelease.core.inspect;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Texts;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The files kata's patch rules look at: a commit's tree ({@link GitTree}) or a checkout on disk
 * ({@link DiskTree}). Paths are relative, with {@code /}.
 */
abstract class PatchTree {
    /** An entry: its path, mode and git object id (blob id for files, as git would compute it). */
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

    private final String label;

    PatchTree(String label) {
        this.label = label;
    }

    /** @return what the tree is, for messages ("'do/4.1.0'", "the checkout /src/kata") */
    final String label() {
        return label;
    }

    /** @return the entry at a path, or empty when absent */
    abstract Optional<Entry> entry(String path) throws IOException, InvalidInputException;

    /** @return the entries directly inside an existing directory entry */
    abstract List<Entry> list(Entry dir) throws IOException, InvalidInputException;

    /** @return a file's content (or a link's target), refusing more than {@code maxBytes} */
    abstract String read(Entry entry, int maxBytes) throws IOException, InvalidInputException;

    /**
     * @return the entries directly inside {@code dir}, empty when it does not exist
     * @throws InvalidInputException when {@code dir} (or its parent) is a symlink or a file: kata
     *     would follow a link wherever it points, so a linked patch directory is refused
     */
    final List<Entry> children(String dir) throws IOException, InvalidInputException {
        Optional<Entry> at = entry(dir);
        if (at.isEmpty()) {
            String parent = dir.contains("/") ? dir.substring(0, dir.lastIndexOf('/')) : "";
            if (!parent.isEmpty()) {
                checkDirectory(parent);
            }
            return List.of();
        }
        checkDirectory(dir);
        return list(at.get());
    }

    private void checkDirectory(String dir) throws IOException, InvalidInputException {
        Optional<Entry> at = entry(dir);
        if (at.isPresent() && at.get().isSymlink()) {
            throw new InvalidInputException("the patch directory " + Texts.quote(dir) + " at " + label
                    + " is a symbolic link to " + Texts.quote(read(at.get(), 4096))
                    + "; kata-release does not follow links out of the tree: make it a real directory");
        }
        if (at.isPresent() && !at.get().isTree()) {
            throw new InvalidInputException(Texts.quote(dir) + " at " + label + " is a file, not a directory");
        }
    }

    /** @return the file's content, or empty when absent or not a regular file */
    final Optional<String> file(String path, int maxBytes) throws IOException, InvalidInputException {
        Optional<Entry> e = entry(path);
        if (e.isEmpty() || !e.get().isFile()) {
            return Optional.empty();
        }
        return Optional.of(read(e.get(), maxBytes));
    }
}
