package io.katarelease.core.verify;

import io.katarelease.core.LinkGraph;
import io.katarelease.core.Texts;
import io.katarelease.core.build.Tarballs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A release tarball unpacked into a scratch directory the way GNU tar reads it (ustar, GNU and
 * PAX headers; {@code ./} prefixes dropped; a later member replacing an earlier one; a hard link
 * naming an earlier member), but safely: nothing is written outside the directory, members with
 * an absolute path, {@code ..} or control characters, devices and FIFOs are recorded and not
 * written, members below a link are recorded and not written (GNU tar would write them through
 * the link), and symbolic links are created only after every file is written, and only those the
 * kernel would resolve inside {@code opt/kata} ({@link LinkGraph}: a chain that only looks inside
 * is caught), so no write ever goes through a link.
 */
final class ExtractedTree {
    static final String PREFIX = "opt/kata";

    /** A member's kind. */
    enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, SPECIAL }

    /**
     * One member as the tarball lists it (the last of a name wins).
     *
     * @param name its path without {@code ./}
     * @param kind what it is
     * @param size its size in bytes (files)
     * @param mode its permission bits
     * @param link a link's target as written in the tarball
     */
    record Member(String name, Kind kind, long size, int mode, String link) {}

    private final Path root;
    private final long maxUnpacked;
    private final Map<String, Member> members = new LinkedHashMap<>();
    /** Members that are not under opt/kata, or could not be written safely: the reason each. */
    private final List<String> outside = new ArrayList<>();
    private final LinkGraph links = new LinkGraph();
    private int count;
    private long unpacked;

    private ExtractedTree(Path root, long maxUnpacked) {
        this.root = root.toAbsolutePath().normalize();
        this.maxUnpacked = maxUnpacked;
    }

    /**
     * Unpacks {@code tarball} into {@code root}.
     *
     * @throws IOException when the tarball cannot be read to its end (corrupt or truncated
     *     compression, a bad header) or unpacks to more than {@code maxUnpacked} bytes
     */
    static ExtractedTree extract(Path tarball, Path root, long maxUnpacked) throws IOException {
        ExtractedTree tree = new ExtractedTree(root, maxUnpacked);
        tree.unpack(tarball);
        return tree;
    }

    Path root() {
        return root;
    }

    /** @return every member by name, in tarball order */
    Map<String, Member> members() {
        return members;
    }

    /** @return how many members the tarball lists (duplicates counted) */
    int count() {
        return count;
    }

    /** @return the bytes of the regular files written */
    long unpacked() {
        return unpacked;
    }

    /** @return why members are not inside opt/kata/, one line each */
    List<String> outside() {
        return outside;
    }

    /** @return the extracted file of a member */
    Path path(String name) {
        return root.resolve(name);
    }

    private void unpack(Path tarball) throws IOException {
        try (TarArchiveInputStream tar = Tarballs.openTar(tarball)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                count++;
                String raw = e.getName();
                String name = Tarballs.normaliseName(raw);
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                String unsafe = unsafe(raw, name, e);
                if (unsafe != null) {
                    outside.add(Texts.quote(raw) + ": " + unsafe);
                    continue;
                }
                String above = links.linkAbove(name);
                if (above != null) {
                    outside.add(Texts.quote(raw) + ": below the link " + Texts.quote(above) + " -> "
                            + Texts.quote(links.target(above)) + "; extracting it writes through the link");
                    continue;
                }
                Path target = root.resolve(name).normalize();
                if (!e.isSymbolicLink()) {
                    links.remove(name); // a later member replaces an earlier one, as with GNU tar
                }
                if (e.isDirectory()) {
                    members.put(name, new Member(name, Kind.DIRECTORY, 0, e.getMode() & 07777, null));
                    if (!name.equals("opt")) {
                        Files.createDirectories(target);
                    }
                } else if (e.isSymbolicLink()) {
                    members.put(name, new Member(name, Kind.SYMLINK, 0, e.getMode() & 07777, e.getLinkName()));
                    links.addLink(name, e.getLinkName());
                } else if (e.isLink()) {
                    String source = Tarballs.normaliseName(e.getLinkName());
                    Member from = members.get(source);
                    if (from == null || from.kind() != Kind.FILE || links.isLink(source) || links.linkAbove(source) != null) {
                        outside.add(Texts.quote(raw) + ": a hard link to " + Texts.quote(e.getLinkName())
                                + ", not an earlier file under " + PREFIX + "/");
                        continue;
                    }
                    write(name, target, Files.newInputStream(path(source), LinkOption.NOFOLLOW_LINKS));
                    members.put(name, new Member(name, Kind.HARDLINK, from.size(), from.mode(), source));
                } else {
                    write(name, target, tar);
                    members.put(name, new Member(name, Kind.FILE, e.getSize(), e.getMode() & 07777, null));
                    if ((e.getMode() & 0100) != 0) {
                        target.toFile().setExecutable(true, true);
                    }
                }
            }
        }
        createLinks();
    }

    /** @return why a member may not be written, or null */
    private String unsafe(String raw, String name, TarArchiveEntry e) {
        if (raw.startsWith("/") || name.startsWith("/")) {
            return "an absolute path";
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "a name with control characters";
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                return "a path with '..'";
            }
        }
        if (!name.equals("opt") && !name.equals(PREFIX) && !name.startsWith(PREFIX + "/")) {
            return "outside " + PREFIX + "/";
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            return "a device or FIFO";
        }
        if (!e.isDirectory() && !e.isSymbolicLink() && !e.isLink() && !e.isFile()) {
            return "a special member (type " + (char) e.getLinkFlag() + ")";
        }
        if (name.equals("opt") && !e.isDirectory()) {
            return "'opt' must be a directory";
        }
        return null;
    }

    private void write(String name, Path target, InputStream content) throws IOException {
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(Texts.quote(name) + " is a directory and a file in the tarball");
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + ".kata-release-tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = content.read(buffer)) > 0; ) {
                unpacked += n;
                if (unpacked > maxUnpacked) {
                    throw new IOException("it unpacks to more than " + maxUnpacked + " bytes (at " + Texts.quote(name)
                            + "); a release tree that large is not a kata release");
                }
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw io.katarelease.core.files.Faults.withPath(e, tmp);
                }
            }
        } finally {
            if (!(content instanceof TarArchiveInputStream)) {
                content.close();
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Creates the links the kernel would resolve inside opt/kata; records the others. */
    private void createLinks() throws IOException {
        for (Member m : members.values()) {
            if (m.kind() != Kind.SYMLINK) {
                continue;
            }
            String why = links.whyNotWithin(m.name(), PREFIX);
            if (why != null) {
                outside.add(Texts.quote(m.name()) + ": a link out of " + PREFIX + " (-> " + Texts.quote(m.link()) + "; "
                        + why + ")");
                continue;
            }
            Path target = root.resolve(m.name()).normalize();
            Files.createDirectories(target.getParent());
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(target, Path.of(m.link()));
            }
        }
    }

    /**
     * Follows symbolic links and hard links through the member list, as the file system would
     * after extraction.
     *
     * @return the regular-file member {@code name} ends at, or null when a link dangles, leaves
     *     opt/kata or loops
     */
    Member resolve(String name) {
        if (!(links.resolve(name) instanceof LinkGraph.Inside inside) || !LinkGraph.within(inside.path(), PREFIX)) {
            return null;
        }
        Member m = members.get(inside.path());
        // a hard link is unpacked as a copy of its file
        return m != null && (m.kind() == Kind.FILE || m.kind() == Kind.HARDLINK) ? m : null;
    }

}
