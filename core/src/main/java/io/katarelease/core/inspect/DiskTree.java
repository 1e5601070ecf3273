package io.katarelease.core.inspect;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Texts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * A checkout on disk, as a build sees it (uncommitted changes included). Nothing outside the
 * checkout is read: a path whose real location leaves it is refused.
 */
final class DiskTree extends PatchTree {
    private final Path root;
    private final Path realRoot;
    private final boolean withIds;

    /**
     * @param withIds whether file entries carry their git blob id (reading every file); without,
     *     they carry the zero id, which is all a build needs
     */
    DiskTree(Path root, boolean withIds) throws IOException {
        super("the checkout " + root);
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
        this.withIds = withIds;
    }

    @Override
    Optional<Entry> entry(String path) throws IOException, InvalidInputException {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root)) {
            throw new InvalidInputException(Texts.quote(path) + " is outside " + label());
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path parent = p.getParent();
        if (parent != null && Files.exists(parent) && !parent.toRealPath().startsWith(realRoot)) {
            throw new InvalidInputException(Texts.quote(path) + " in " + label() + " leads outside it through a"
                    + " symbolic link (to " + parent.toRealPath() + "); kata-release does not follow links out of the tree");
        }
        if (Files.isSymbolicLink(p)) {
            return Optional.of(new Entry(path, FileMode.SYMLINK, ObjectId.zeroId()));
        }
        if (Files.isDirectory(p)) {
            return Optional.of(new Entry(path, FileMode.TREE, ObjectId.zeroId()));
        }
        FileMode mode = Files.isExecutable(p) ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
        return Optional.of(new Entry(path, mode, withIds ? blobId(p) : ObjectId.zeroId()));
    }

    @Override
    List<Entry> list(Entry dir) throws IOException, InvalidInputException {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve(dir.path()))) {
            for (Path child : s.toList()) {
                entry(dir.path() + "/" + child.getFileName()).ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    String read(Entry entry, int maxBytes) throws IOException, InvalidInputException {
        Path p = root.resolve(entry.path());
        if (entry.isSymlink()) {
            return Files.readSymbolicLink(p).toString();
        }
        long size = Files.size(p);
        if (size > maxBytes) {
            throw new InvalidInputException(entry.path() + " in " + label() + " has " + size + " bytes, more than the "
                    + maxBytes + " allowed here");
        }
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /** The id git gives the file's content, so disk and git entries compare alike. */
    private static ObjectId blobId(Path p) throws IOException {
        return new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, Files.readAllBytes(p));
    }
}
