package io.katarelease.core.build;

import io.airlift.compress.zstd.ZstdInputStream;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.LinkGraph;
import io.katarelease.core.Texts;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** Reading {@code .tar.xz}, {@code .tar.zst} and {@code .tar.gz} files, streamed. */
public final class Tarballs {
    private Tarballs() {}

    /** @return whether the name ends in a tarball suffix this class reads */
    public static boolean isTarball(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".tar.xz") || n.endsWith(".tar.zst") || n.endsWith(".tar.gz") || n.endsWith(".tgz");
    }

    /** Opens the tar stream inside a compressed tarball, chosen by its file name. */
    public static TarArchiveInputStream openTar(Path tarball) throws IOException {
        io.katarelease.core.files.AtomicFiles.checkRegular(tarball);
        InputStream raw = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
        String n = tarball.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            InputStream plain;
            if (n.endsWith(".tar.xz") && xzProgram() != null) {
                raw.close();
                plain = xzDecompressed(tarball);
            } else if (n.endsWith(".tar.xz")) {
                plain = new XZCompressorInputStream(raw);
            } else if (n.endsWith(".tar.zst")) {
                plain = new ZstdInputStream(raw);
            } else if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
                plain = new GzipCompressorInputStream(raw);
            } else {
                throw new IOException("not a .tar.xz, .tar.zst or .tar.gz file: " + tarball);
            }
            return new TarArchiveInputStream(plain);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Decompresses with the {@code xz} program: its decoder is several times faster than XZ for
     * Java's, which matters for component tarballs of hundreds of MiB.
     */
    private static InputStream xzDecompressed(Path tarball) throws IOException {
        Process xz = new ProcessBuilder(xzProgram(), "-dc", "--", tarball.toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        xz.getOutputStream().close();
        return new java.io.FilterInputStream(new BufferedInputStream(xz.getInputStream(), 1 << 16)) {
            private boolean closed;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    check();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n < 0) {
                    check();
                }
                return n;
            }

            private void check() throws IOException {
                try {
                    if (xz.waitFor() != 0) {
                        String err = new String(xz.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        throw new IOException(tarball.getFileName() + " is not a valid .xz file: " + err.strip());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading " + tarball, e);
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    super.close();
                    xz.destroy();
                }
            }
        };
    }

    /** @return the xz program on the PATH, or null when none is installed */
    public static String xzProgram() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "xz");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** @return the member names, without a leading {@code ./} */
    public static List<String> list(Path tarball) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = openTar(tarball)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                names.add(normaliseName(e.getName()));
            }
        }
        return names;
    }

    /** @return a member name without leading {@code ./} or a trailing {@code /} */
    public static String normaliseName(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    /**
     * Extracts a source tree: regular files, directories, hard links (as hard links to the earlier
     * file) and symbolic links. Links are made last, and only those the kernel would resolve
     * inside {@code dir} ({@link LinkGraph}); a member below a link is refused, so no write ever
     * goes through one.
     *
     * @throws InvalidInputException for a member that would land outside {@code dir} (absolute,
     *     {@code ..}, below a link, or a link leading out), or a device file, naming it
     */
    static void extract(Path tarball, Path dir) throws IOException, InvalidInputException {
        new SourceTree(tarball, dir).extract();
    }

    /** One extraction of {@link #extract}: the tarball, the root it lands in and the links seen so far. */
    private static final class SourceTree {
        private final Path tarball;
        private final Path root;
        private final LinkGraph links = new LinkGraph();

        SourceTree(Path tarball, Path dir) {
            this.tarball = tarball;
            this.root = dir.toAbsolutePath().normalize();
        }

        void extract() throws IOException, InvalidInputException {
            try (TarArchiveInputStream tar = openTar(tarball)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    String name = normaliseName(e.getName());
                    if (name.isEmpty() || name.equals(".")) {
                        continue;
                    }
                    Path target = inside(e, name);
                    notBelowALink(name);
                    place(tar, e, name, target);
                }
            }
            makeLinks();
        }

        /** @return where the member lands, refused when that is not strictly inside the root */
        private Path inside(TarArchiveEntry e, String name) throws InvalidInputException {
            Path target = root.resolve(name).normalize();
            if (name.startsWith("/") || e.getName().startsWith("/") || !target.startsWith(root) || target.equals(root)) {
                throw new InvalidInputException(tarball + " has a member outside the tree: " + Texts.quote(name));
            }
            return target;
        }

        /** Refuses a member whose write would go through a link an earlier member made. */
        private void notBelowALink(String name) throws InvalidInputException {
            String above = links.linkAbove(name);
            if (above != null) {
                throw new InvalidInputException(tarball + " has " + Texts.quote(name) + " below the link "
                        + Texts.quote(above) + " -> " + Texts.quote(links.target(above))
                        + ": extracting it would write through the link");
            }
        }

        /** Writes one member (a symbolic link is only recorded, for {@link #makeLinks}). */
        private void place(TarArchiveInputStream tar, TarArchiveEntry e, String name, Path target)
                throws IOException, InvalidInputException {
            // Hard and symbolic links first: a hard link's entry also passes isFile().
            if (e.isSymbolicLink()) {
                links.addLink(name, e.getLinkName());
            } else if (e.isLink()) {
                hardLink(e, name, target);
            } else if (e.isDirectory()) {
                links.remove(name);
                Files.createDirectories(target);
            } else if (e.isFile()) {
                file(tar, e, name, target);
            } else {
                throw new InvalidInputException(tarball + " has a member that is not a file, directory or link: "
                        + Texts.quote(name));
            }
        }

        /** Makes a hard link to an earlier regular file reached without any link. */
        private void hardLink(TarArchiveEntry e, String name, Path target) throws IOException, InvalidInputException {
            String sourceName = normaliseName(e.getLinkName());
            Path source = root.resolve(sourceName).normalize();
            if (!source.startsWith(root) || links.isLink(sourceName) || links.linkAbove(sourceName) != null
                    || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException(tarball + " has a hard link to a missing, linked or outside file: "
                        + Texts.quote(name) + " -> " + Texts.quote(e.getLinkName()));
            }
            links.remove(name);
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createLink(target, source);
        }

        private void file(TarArchiveInputStream tar, TarArchiveEntry e, String name, Path target) throws IOException {
            links.remove(name);
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            try {
                Files.copy(tar, target);
            } catch (IOException written) {
                throw io.katarelease.core.files.Faults.withPath(written, target);
            }
            if ((e.getMode() & 0111) != 0) {
                target.toFile().setExecutable(true);
            }
        }

        /** Makes the links last, each only when the kernel would resolve it inside the root. */
        private void makeLinks() throws IOException, InvalidInputException {
            for (Map.Entry<String, String> link : new TreeMap<>(links.links()).entrySet()) {
                String why = links.whyNotWithin(link.getKey(), "");
                if (why != null) {
                    throw new InvalidInputException(tarball + " has a link out of the tree: " + Texts.quote(link.getKey())
                            + " -> " + Texts.quote(link.getValue()) + " (" + why + ")");
                }
                Path target = root.resolve(link.getKey());
                Files.createDirectories(target.getParent());
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(target, Path.of(link.getValue()));
                }
            }
        }
    }
}
