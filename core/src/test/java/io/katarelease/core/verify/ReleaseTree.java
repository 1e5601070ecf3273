package io.katarelease.core.verify;

import io.katarelease.core.build.Digests;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.testing.KataRepos;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * A small release tarball for testing one check alone: its members written as a real
 * {@code .tar.xz} (files under {@code /bin/} executable, links as written), extracted as verify
 * extracts it, in a context as {@link VerifyCommand} makes it.
 */
final class ReleaseTree {
    static final String TAG = "4.1.0-digitalocean-0";
    static final String YAML = KataRepos.fixture("io/katarelease/core/sandbox/4.1.0.yaml");
    /** What the release ref of the other tests holds. */
    static final AtRef AT_TAG = new AtRef(TAG, YAML.getBytes(StandardCharsets.UTF_8), "202");

    private final Path dir;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, String> links = new LinkedHashMap<>();
    private AtRef atRef;

    /** @param dir an empty directory for the tarball and the scratch tree */
    ReleaseTree(Path dir) {
        this.dir = dir;
    }

    ReleaseTree file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    ReleaseTree file(String name, byte[] content) {
        files.put(name, content);
        return this;
    }

    ReleaseTree link(String name, String target) {
        links.put(name, target);
        return this;
    }

    /** The ref the tarball is compared with; none by default. */
    ReleaseTree ref(AtRef atRef) {
        this.atRef = atRef;
        return this;
    }

    /** @return the tarball, {@code <tag>-x86_64.tar.xz}, written with the members so far */
    Path tarball() throws IOException {
        Path asset = dir.resolve(TAG + "-x86_64.tar.xz");
        try (OutputStream raw = Files.newOutputStream(asset); OutputStream xz = new XZCompressorOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey(), true);
                e.setSize(f.getValue().length);
                e.setMode(f.getKey().contains("/bin/") ? 0100755 : 0100644);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, String> l : links.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(l.getKey(), TarConstants.LF_SYMLINK);
                e.setLinkName(l.getValue());
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        }
        return asset;
    }

    /** @return a context for the tarball, not yet extracted (the tag given, not from the name) */
    CheckContext context() throws IOException {
        Path asset = tarball();
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        return new CheckContext(asset, Digests.sha256(asset), TAG, false, atRef, scratch, Progress.none());
    }

    /** @return a context whose tree is extracted */
    CheckContext extracted() throws IOException {
        CheckContext ctx = context();
        ctx.extracted(ExtractedTree.extract(ctx.asset(), ctx.scratch().resolve("tree"), Long.MAX_VALUE));
        return ctx;
    }
}
