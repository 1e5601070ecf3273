package io.katarelease.core.build;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.files.ScratchDirectory;
import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Applies a patch series to a copy of a component's source the way kata does: GNU
 * {@code patch -p1} with its default fuzz, one patch after the other, stopping at the first
 * failure. The source is never modified.
 */
final class PatchCheck {
    private PatchCheck() {}

    /**
     * @param source a source tree, or a {@code .tar.xz/.tar.zst/.tar.gz} of one (a single top
     *     directory, as kernel and QEMU tarballs have, is entered)
     * @param checkout where the patch paths are relative to
     * @param patches the series' paths, in application order
     * @return the source's {@code VERSION} file content, when it has one (QEMU trees do)
     * @throws PatchFailedException naming the first patch that does not apply and its hunks
     */
    static final String SCRATCH_PREFIX = "patch-check-";

    static String apply(Path source, Path checkout, List<String> patches, Path scratchParent, Progress progress)
            throws ReleaseException, IOException {
        // In the cache's own scratch folder, not the system temp dir: a killed run's leftover is
        // found and removed there by the next build.
        try (ScratchDirectory work = ScratchDirectory.create(scratchParent, SCRATCH_PREFIX)) {
            Path tree = work.path().resolve("src");
            if (Files.isDirectory(source)) {
                copyTree(source, tree);
            } else if (Files.isRegularFile(source) && Tarballs.isTarball(source.getFileName().toString())) {
                Files.createDirectories(tree);
                Tarballs.extract(source, tree);
                tree = singleTopDirectory(tree);
            } else {
                throw new InvalidInputException("component source " + Texts.quote(source.toString())
                        + " is neither a directory nor a .tar.xz, .tar.zst or .tar.gz file", Setting.PATCH_SOURCE);
            }
            progress.step("checking that " + patches.size() + " patches apply to " + source);
            int i = 0;
            for (String patch : patches) {
                i++;
                Process p = new ProcessBuilder("patch", "-p1", "--batch", "--forward", "--no-backup-if-mismatch",
                        "-i", checkout.resolve(patch).toAbsolutePath().toString())
                        .directory(tree.toFile()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                try {
                    if (!p.waitFor(10, TimeUnit.MINUTES)) {
                        p.destroyForcibly();
                        throw new PatchFailedException(patch, i + " of " + patches.size(), "patch did not finish");
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while applying " + patch, e);
                }
                if (p.exitValue() != 0) {
                    throw new PatchFailedException(patch, i + " of " + patches.size(), out);
                }
            }
            Path version = tree.resolve("VERSION");
            return Files.isRegularFile(version, LinkOption.NOFOLLOW_LINKS) ? Files.readString(version).strip() : null;
        }
    }

    private static Path singleTopDirectory(Path tree) throws IOException {
        try (Stream<Path> s = Files.list(tree)) {
            List<Path> top = s.toList();
            return top.size() == 1 && Files.isDirectory(top.get(0), LinkOption.NOFOLLOW_LINKS) ? top.get(0) : tree;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(".git")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
