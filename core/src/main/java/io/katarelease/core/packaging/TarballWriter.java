package io.katarelease.core.packaging;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Writes a directory tree as a deterministic compressed tarball: entries in byte order of their
 * paths (parents first), one fixed modification time, owner and group 0 ({@code root}), modes
 * 0755 for directories and executables and 0644 for other files, PAX headers for long names.
 * The same tree gives the same bytes.
 *
 * <p>xz goes through the {@code xz} program when it is installed ({@code -6 -T2}: fixed thread
 * count and block size, so the bytes do not depend on the machine; the only multi-threaded xz
 * encoder, as XZ for Java has none), else through XZ for Java at level 6. zstd is aircompressor's.
 */
final class TarballWriter {
    /** The compressor that wrote a tarball, for the record. */
    enum Compressor { XZ_PROGRAM, XZ_JAVA, ZSTD_JAVA }

    /** The output grew past the limit; the caller deletes the partial file. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final Instant mtime;
    private final long limit;
    private boolean allowXzProgram = true;

    TarballWriter(Instant mtime, long limit) {
        this.mtime = mtime;
        this.limit = limit;
    }

    /** For tests: use XZ for Java even where the xz program is installed. */
    TarballWriter withoutXzProgram() {
        allowXzProgram = false;
        return this;
    }

    /**
     * Writes {@code root}'s content under {@code ./} to {@code out}, zstd- or xz-compressed, and
     * closes {@code out}.
     */
    Compressor write(Path root, OutputStream out, boolean zst) throws IOException {
        try (OutputStream file = new Limited(new BufferedOutputStream(out, 1 << 20), limit)) {
            if (zst) {
                try (OutputStream z = new ZstdOutputStream(file)) {
                    tar(root, z);
                }
                return Compressor.ZSTD_JAVA;
            }
            if (allowXzProgram && io.katarelease.core.build.Tarballs.xzProgram() != null) {
                xzThroughProgram(root, file);
                return Compressor.XZ_PROGRAM;
            }
            try (XZOutputStream xz = new XZOutputStream(file, new LZMA2Options(6))) {
                tar(root, xz);
            }
            return Compressor.XZ_JAVA;
        }
    }

    private void xzThroughProgram(Path root, OutputStream file) throws IOException {
        Process xz = new ProcessBuilder(io.katarelease.core.build.Tarballs.xzProgram(), "-6", "-T2", "-c").redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        FutureTask<Void> feed = new FutureTask<>(() -> {
            try (OutputStream in = new BufferedOutputStream(xz.getOutputStream(), 1 << 20)) {
                tar(root, in);
            }
            return null;
        });
        Thread feeder = new Thread(feed, "kata-release-tar");
        feeder.setDaemon(true);
        feeder.start();
        try (InputStream compressed = xz.getInputStream()) {
            compressed.transferTo(file);
        } catch (IOException e) {
            xz.destroyForcibly();
            throw e;
        }
        try {
            awaitFeed(feed);
            if (xz.waitFor() != 0) {
                throw new IOException("xz exited with " + xz.exitValue());
            }
        } catch (InterruptedException e) {
            xz.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compressing", e);
        }
    }

    private static void awaitFeed(Future<Void> feed) throws IOException, InterruptedException {
        try {
            feed.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void tar(Path root, OutputStream sink) throws IOException {
        TreeMap<byte[], Path> entries = new TreeMap<>(Arrays::compareUnsigned);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (!p.equals(root)) {
                    entries.put(root.relativize(p).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8), p);
                }
            }
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(sink, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        for (Map.Entry<byte[], Path> e : entries.entrySet()) {
            String rel = new String(e.getKey(), StandardCharsets.UTF_8);
            Path p = e.getValue();
            TarArchiveEntry entry;
            boolean regular = false;
            if (Files.isSymbolicLink(p)) {
                entry = new TarArchiveEntry("./" + rel, TarConstants.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(p).toString().replace('\\', '/'));
                entry.setMode(0120777);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                entry = new TarArchiveEntry("./" + rel + "/");
                entry.setMode(040755);
            } else {
                entry = new TarArchiveEntry("./" + rel);
                entry.setMode(Files.isExecutable(p) ? 0100755 : 0100644);
                entry.setSize(Files.size(p));
                regular = true;
            }
            entry.setModTime(mtime.toEpochMilli());
            entry.setUserId(0);
            entry.setGroupId(0);
            entry.setUserName("root");
            entry.setGroupName("root");
            tar.putArchiveEntry(entry);
            if (regular) {
                try (InputStream in = Files.newInputStream(p)) {
                    in.transferTo(tar);
                }
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    /** Counts what passes and refuses to pass more than the limit. */
    private static final class Limited extends FilterOutputStream {
        private final long limit;
        private long count;

        Limited(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            add(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
            out.write(b, off, len);
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > limit) {
                throw new TooLargeException(limit);
            }
        }
    }

}
