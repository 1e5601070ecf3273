package io.katarelease.core.packaging;

import io.katarelease.core.LinkGraph;
import io.katarelease.core.Texts;
import io.katarelease.core.build.Tarballs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The union of the component tarballs, unpacked into a staging directory as kata's
 * {@code merge-builds} does, with every member checked: only {@code opt/kata/...}, no absolute
 * path or {@code ..}, no device files, one path from two components only when the content is
 * identical, and no member below a link (its write would go through the link). Links are made
 * last ({@link #finish()}), and only when the kernel would resolve them inside {@code opt/kata}
 * ({@link LinkGraph}): a chain of links that only looks inside is refused, and no write ever goes
 * through a link.
 */
final class MergedTree {
    static final String PREFIX = "opt/kata";

    private final Path root;
    private final long maxUnpacked;
    private long unpacked;
    /** Path to (content digest, the tarball it came from), to spot conflicting duplicates. */
    private final Map<String, String[]> seen = new HashMap<>();
    /** The components' links, made on disk only by {@link #finish()}. */
    private final LinkGraph links = new LinkGraph();
    private final Map<String, String> linkFrom = new HashMap<>();

    /**
     * @param maxUnpacked the most bytes the components may unpack to, so a tarball bomb fails
     *     before it fills the disk
     */
    MergedTree(Path root, long maxUnpacked) {
        this.root = root;
        this.maxUnpacked = maxUnpacked;
    }

    Path root() {
        return root;
    }

    /** Unpacks one component tarball into the tree. */
    void add(Path tarball) throws IOException, UnsafeArtifactException {
        try {
            unpack(tarball);
        } catch (java.nio.file.FileSystemException e) {
            throw clash(e, tarball.getFileName().toString());
        }
    }

    /**
     * @return the fault to throw, when it is not a file and a directory of one name from two
     *     components (which is thrown as what it is)
     */
    private IOException clash(java.nio.file.FileSystemException e, String from) throws UnsafeArtifactException {
        boolean clash = e instanceof java.nio.file.FileAlreadyExistsException
                || e instanceof java.nio.file.NotDirectoryException || e instanceof java.nio.file.DirectoryNotEmptyException
                || "Not a directory".equals(e.getReason()) || "Is a directory".equals(e.getReason());
        if (clash && e.getFile() != null && Path.of(e.getFile()).startsWith(root)) {
            throw new UnsafeArtifactException(Texts.quote(root.relativize(Path.of(e.getFile())).toString())
                    + " is a directory in one component and a file or link in another (" + from + ")");
        }
        return e;
    }

    private void unpack(Path tarball) throws IOException, UnsafeArtifactException {
        String from = tarball.getFileName().toString();
        try (TarArchiveInputStream tar = Tarballs.openTar(tarball)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String raw = e.getName();
                String name = Tarballs.normaliseName(raw);
                if (name.isEmpty() || name.equals("opt")) {
                    continue;
                }
                checkName(raw, name, from);
                Path target = root.resolve(name).normalize();
                if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw special(name, from);
                }
                notBelowALink(name, from);
                place(tar, e, name, target, from);
            }
        }
    }

    /** Refuses a member name that is absolute, climbs with {@code ..} or lies outside opt/kata. */
    private static void checkName(String raw, String name, String from) throws UnsafeArtifactException {
        if (raw.startsWith("/") || name.startsWith("/")) {
            throw new UnsafeArtifactException(from + " has an absolute path " + Texts.quote(raw));
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeArtifactException(from + " has a path with '..': " + Texts.quote(raw));
            }
        }
        if (!name.equals(PREFIX) && !name.startsWith(PREFIX + "/")) {
            throw new UnsafeArtifactException(from + " has a member outside " + PREFIX + "/: " + Texts.quote(raw)
                    + " (kata's release tarballs hold only opt/kata)");
        }
    }

    private static UnsafeArtifactException special(String name, String from) {
        return new UnsafeArtifactException(from + " has a device, FIFO or other special file: " + Texts.quote(name));
    }

    /** Writes one checked member (a symbolic link is only recorded, for {@link #finish()}). */
    private void place(TarArchiveInputStream tar, TarArchiveEntry e, String name, Path target, String from)
            throws IOException, UnsafeArtifactException {
        if (e.isDirectory()) {
            notALink(name, "a directory", from);
            Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
            addLink(e, name, target, from);
        } else if (e.isLink()) {
            copyHardLink(e, name, target, from);
        } else if (e.isFile()) {
            notALink(name, "a file", from);
            write(name, target, tar, (e.getMode() & 0111) != 0, from);
        } else {
            throw special(name, from);
        }
    }

    private void addLink(TarArchiveEntry e, String name, Path target, String from) throws UnsafeArtifactException {
        String link = e.getLinkName();
        if (link.startsWith("/")) {
            throw linkOut(from, name, link, "");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArtifactException(Texts.quote(name) + " is a link in " + from
                    + " and a file or directory in another component");
        }
        record(name, "link:" + link, from);
        links.addLink(name, link);
        linkFrom.putIfAbsent(name, from);
    }

    /**
     * A hard link ships as a copy of its target, an earlier regular file reached without any link:
     * no link semantics to trust.
     */
    private void copyHardLink(TarArchiveEntry e, String name, Path target, String from)
            throws IOException, UnsafeArtifactException {
        String sourceName = Tarballs.normaliseName(e.getLinkName());
        Path source = root.resolve(sourceName).normalize();
        if (!source.startsWith(root.resolve(PREFIX)) || links.isLink(sourceName)
                || links.linkAbove(sourceName) != null
                || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArtifactException(from + " has a hard link to a missing, linked or outside file: "
                    + Texts.quote(name) + " -> " + Texts.quote(e.getLinkName()));
        }
        notALink(name, "a file", from);
        try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
            write(name, target, in, (e.getMode() & 0111) != 0, from);
        }
    }

    /** Adds a file of ours (VERSION, versions.yaml), replacing nothing a component shipped. */
    void addOwn(String name, byte[] content) throws IOException, UnsafeArtifactException {
        notBelowALink(name, "kata-release");
        notALink(name, "a file", "kata-release");
        Path target = root.resolve(name);
        Files.createDirectories(target.getParent());
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            write(name, target, in, false, "kata-release");
        }
    }

    private void write(String name, Path target, InputStream content, boolean executable, String from)
            throws IOException, UnsafeArtifactException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".kata-release-tmp");
        MessageDigest md = io.katarelease.core.build.Digests.newSha256();
        Files.deleteIfExists(tmp);
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), md)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = content.read(buffer)) > 0; ) {
                unpacked += n;
                if (unpacked > maxUnpacked) {
                    out.close();
                    Files.delete(tmp);
                    throw new UnsafeArtifactException("the components unpack to more than " + maxUnpacked
                            + " bytes (at " + Texts.quote(name) + " from " + from + "); a release tree that large is"
                            + " not a kata release");
                }
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw io.katarelease.core.files.Faults.withPath(e, tmp);
                }
            }
        }
        String digest = HexFormat.of().formatHex(md.digest()) + (executable ? "+x" : "");
        String[] earlier = seen.get(name);
        if (earlier != null) {
            Files.delete(tmp);
            if (!earlier[0].equals(digest)) {
                throw differs(name, earlier[1], from);
            }
            return;
        }
        seen.put(name, new String[] {digest, from});
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (executable) {
            target.toFile().setExecutable(true, false);
        }
    }

    /**
     * Makes the components' links, once every file is written: each only when the kernel would
     * resolve it (and every link it leads through) inside opt/kata.
     */
    void finish() throws IOException, UnsafeArtifactException {
        for (Map.Entry<String, String> link : new TreeMap<>(links.links()).entrySet()) {
            String name = link.getKey();
            String where = links.whyNotWithin(name, PREFIX);
            if (where != null) {
                throw linkOut(linkFrom.get(name), name, link.getValue(), " (" + where + ")");
            }
            Path target = root.resolve(name);
            try {
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, Path.of(link.getValue()));
            } catch (java.nio.file.FileSystemException e) {
                throw clash(e, linkFrom.get(name));
            }
        }
    }

    /** @param why what follows the link in the message, with its leading space, or "" */
    private static UnsafeArtifactException linkOut(String from, String name, String link, String why) {
        return new UnsafeArtifactException(from + " has a link out of " + PREFIX + ": " + Texts.quote(name) + " -> "
                + Texts.quote(link) + why);
    }

    /** Refuses a member whose write would go through a link some component shipped. */
    private void notBelowALink(String name, String from) throws UnsafeArtifactException {
        String above = links.linkAbove(name);
        if (above != null) {
            throw new UnsafeArtifactException(from + " has " + Texts.quote(name) + " below the link " + Texts.quote(above)
                    + " -> " + Texts.quote(links.target(above)) + " (from " + linkFrom.get(above)
                    + "): writing it would go through the link");
        }
    }

    private void notALink(String name, String what, String from) throws UnsafeArtifactException {
        if (links.isLink(name)) {
            throw new UnsafeArtifactException(Texts.quote(name) + " is a link in " + linkFrom.get(name) + " and " + what
                    + " in " + from);
        }
    }

    private void record(String name, String digest, String from) throws UnsafeArtifactException {
        String[] earlier = seen.putIfAbsent(name, new String[] {digest, from});
        if (earlier != null && !earlier[0].equals(digest)) {
            throw differs(name, earlier[1], from);
        }
    }

    private static UnsafeArtifactException differs(String name, String earlier, String from) {
        return new UnsafeArtifactException(Texts.quote(name) + " comes from " + earlier + " and from " + from
                + " with different content; a merged release cannot hold both");
    }
}
