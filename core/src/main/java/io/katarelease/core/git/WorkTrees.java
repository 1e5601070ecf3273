package io.katarelease.core.git;

import io.katarelease.core.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.LinkOption;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Writes a commit's files into a directory, as a checkout would, without a git index. */
public final class WorkTrees {
    private WorkTrees() {}

    /**
     * Replaces {@code dir} with the files of {@code commit}: regular files (executable bits kept)
     * and symbolic links; submodules are skipped. The files are written to a sibling directory
     * first and renamed, so {@code dir} is never half-written.
     */
    public static void checkout(Repository repo, ObjectId commit, Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".checkout");
        FileTrees.deleteTree(tmp);
        Files.createDirectories(tmp);
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(walk.parseCommit(commit).getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                FileMode mode = tw.getFileMode(0);
                Path file = tmp.resolve(tw.getPathString()).normalize();
                if (!file.startsWith(tmp) || mode == FileMode.GITLINK) {
                    continue;
                }
                makeParents(tmp, file);
                if (mode == FileMode.SYMLINK) {
                    String link = new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                    Files.createSymbolicLink(file, Path.of(link));
                } else {
                    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        repo.open(tw.getObjectId(0)).copyTo(out);
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        file.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        FileTrees.deleteTree(target);
        Files.move(tmp, target);
    }

    /**
     * Creates the folders above {@code file} inside {@code root}, refusing a link on the way: a
     * malformed tree that names {@code a} both as a link and as a folder cannot lead out of it.
     */
    private static void makeParents(Path root, Path file) throws IOException {
        Path dir = root;
        for (Path part : root.relativize(file.getParent())) {
            dir = dir.resolve(part);
            if (Files.isSymbolicLink(dir)) {
                throw new IOException("the tree names " + root.relativize(dir) + " both as a symbolic link and as a"
                        + " folder; refused");
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir);
            }
        }
    }
}
