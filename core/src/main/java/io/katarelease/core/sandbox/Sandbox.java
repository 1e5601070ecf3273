package io.katarelease.core.sandbox;

import io.katarelease.core.FileTrees;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.git.NoGitProgram;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * A local, offline stand-in for kata-containers and a fork of it, for trying kata-release
 * without network or credentials.
 *
 * <pre>
 *  upstream main:  import(3.32.0) - 12 changes - bump 4.0.0 (tag) - 12 changes - bump 4.1.0 (tag) - 6 changes
 *  fork main:      ... up to 4.0.0                (one release behind, as before a sync)
 *  fork do/main:   ... 4.0.0 - QEMU patch - kernel patch - kernel config fragment
 * </pre>
 *
 * The upstream tags are lightweight, as kata's are since 3.3.0; {@code versions.yaml} is the real
 * file of each tag; the patches sit where kata's build scripts look for them.
 */
public final class Sandbox {
    /** Marks a folder as a sandbox, so that re-creating it may delete it. */
    static final String MARKER = ".kata-release-sandbox";
    /** The QEMU patch the fork carries (kata's tag_patches directory for v11.0.1). */
    public static final String QEMU_PATCH = "tools/packaging/qemu/patches/tag_patches/v11.0.1/0001-virtio-net-do-tune-tx-queue.patch";
    /** The kernel patch the fork carries (kata's patch directory for 6.18.x kernels). */
    public static final String KERNEL_PATCH = "tools/packaging/kernel/patches/6.18.x/0001-do-virtio-balloon-free-page-hint.patch";

    /** The sandbox's offline stand-in for kata's make targets, in its upstream tree. */
    public static final String BUILD_SCRIPT = "tools/packaging/kata-deploy/local-build/sandbox-build.sh";
    /** The release's build command template ({@link io.katarelease.core.Setting#BUILD_COMMAND}). */
    public static final String BUILD_COMMAND = "sh " + BUILD_SCRIPT + " {component}";

    private final Path dir;

    private Sandbox(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates the sandbox in {@code dir}, replacing an earlier sandbox there.
     *
     * @throws InvalidInputException when {@code dir} exists, is not empty and is not a sandbox
     */
    public static Sandbox create(Path dir) throws InvalidInputException, IOException {
        NoGitProgram.install();
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            boolean empty;
            try (Stream<Path> s = Files.list(abs)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(abs.resolve(MARKER))) {
                throw new InvalidInputException("the folder " + Texts.quote(abs.toString())
                        + " exists and is not a kata-release sandbox; choose another sandbox folder", Setting.SANDBOX_DIR);
            }
            FileTrees.deleteTree(abs);
        }
        Files.createDirectories(abs);
        Files.writeString(abs.resolve(MARKER), "made by kata-release sandbox; safe to delete\n");
        Sandbox sandbox = new Sandbox(abs);
        sandbox.build();
        return sandbox;
    }

    /** @return the sandbox folder */
    public Path dir() {
        return dir;
    }

    /** @return the upstream repository's URL (file://) */
    public String upstreamUrl() {
        return dir.resolve("upstream.git").toUri().toString();
    }

    /** @return the fork repository's URL (file://) */
    public String forkUrl() {
        return dir.resolve("fork.git").toUri().toString();
    }

    /** @return the release state directory inside the sandbox */
    public Path stateDir() {
        return dir.resolve("state");
    }

    /** @return the build cache inside the sandbox */
    public Path cacheDir() {
        return dir.resolve("build-cache");
    }

    /** @return the local release directory inside the sandbox */
    public Path releasesDir() {
        return dir.resolve("releases");
    }

    /** @return a work directory inside the sandbox for the git cache */
    public Path workDir() {
        return dir.resolve("work");
    }

    private void build() throws IOException {
        PersonIdent upstreamDev = new PersonIdent("Kata Developer", "dev@katacontainers.invalid");
        PersonIdent forkDev = new PersonIdent("Fork Maintainer", "platform@fork.invalid");
        try (Repository upstream = bare("upstream.git"); Repository fork = bare("fork.git")) {
            Map<String, String> tree = new LinkedHashMap<>();
            tree.put("VERSION", "3.32.0\n");
            tree.put("versions.yaml", resource("3.32.0.yaml"));
            tree.put("tools/packaging/kernel/kata_config_version", "197\n");
            tree.put("tools/packaging/scripts/apply_patches.sh", "#!/usr/bin/env bash\n# kata's patch applier: "
                    + "patch -p1 for each *.patch of a directory, in byte order of the names\n");
            tree.put("tools/packaging/kernel/patches/6.18.x/no_patches.txt", "");
            tree.put("tools/packaging/kernel/patches/6.18.x/dragonball-experimental/no_patches.txt", "");
            tree.put("tools/packaging/qemu/patches/tag_patches/gpu-snp-20260430/no_patches.txt", "");
            tree.put("tools/packaging/qemu/patches/tag_patches/gpu-tdx-20260430/no_patches.txt", "");
            tree.put("tools/packaging/qemu/patches/11.0.x/no_patches.txt", "");
            tree.put("tools/packaging/qemu/patches/tag_patches/v11.0.1/no_patches.txt", "");
            tree.put("src/runtime/go.mod", "module github.com/kata-containers/kata-containers/src/runtime\n");
            tree.put(BUILD_SCRIPT, resource("sandbox-build.sh"));
            Instant start = Instant.parse("2026-06-01T09:00:00Z");
            ObjectId v400;
            Map<String, String> at400;
            try (SnapshotWriter up = new SnapshotWriter(upstream, upstreamDev, start, null, Map.of())) {
                up.commit("Initial import", tree);
                work(up, 1, 12);
                v400 = release(up, "4.0.0", "4.0.0.yaml", "200");
                at400 = up.files();
                work(up, 13, 12);
                release(up, "4.1.0", "4.1.0.yaml", "202");
                work(up, 25, 6);
                up.update(Constants.R_HEADS + "main", up.head());
            }
            // The fork: upstream as of 4.0.0 plus the carried patches. Objects are copied by
            // writing the same snapshots, which gives the same ids.
            try (SnapshotWriter mirror = new SnapshotWriter(fork, upstreamDev, start, null, Map.of())) {
                mirror.commit("Initial import", tree);
                work(mirror, 1, 12);
                ObjectId same = release(mirror, "4.0.0", "4.0.0.yaml", "200");
                if (!same.equals(v400)) {
                    throw new IllegalStateException("the fork's copy of upstream 4.0.0 differs");
                }
                mirror.update(Constants.R_HEADS + "main", same);
            }
            try (SnapshotWriter patches = new SnapshotWriter(fork, forkDev, Instant.parse("2026-07-01T09:00:00Z"),
                    v400, at400)) {
                patches.commit("qemu: carry virtio-net tx queue tuning", Map.of(QEMU_PATCH,
                        patch("hw/net/virtio-net.c", "tx_queue_size = 256", "tx_queue_size = 1024")));
                patches.commit("kernel: carry virtio-balloon free page hinting fix", Map.of(KERNEL_PATCH,
                        patch("drivers/virtio/virtio_balloon.c", "hint = false", "hint = true")));
                patches.commit("kernel: enable the fork's config fragment", Map.of(
                        "tools/packaging/kernel/configs/fragments/x86_64/fork.conf", "CONFIG_VIRTIO_BALLOON=y\n"));
                patches.update(Constants.R_HEADS + "do/main", patches.head());
            }
        }
    }

    private static void work(SnapshotWriter w, int from, int count) throws IOException {
        for (int i = from; i < from + count; i++) {
            w.commit("runtime: change " + i, Map.of("src/runtime/pkg/f" + (i % 7) + ".go",
                    "package pkg\n\n// change " + i + "\n"));
        }
    }

    private static ObjectId release(SnapshotWriter w, String version, String yaml, String kataConfig)
            throws IOException {
        ObjectId id = w.commit("release: Bump version to " + version, Map.of("VERSION", version + "\n",
                "versions.yaml", resource(yaml), "tools/packaging/kernel/kata_config_version", kataConfig + "\n"));
        w.update(Constants.R_TAGS + version, id);
        return id;
    }

    private static String patch(String file, String before, String after) {
        return "From: Fork Maintainer <platform@fork.invalid>\nSubject: [PATCH] " + file + "\n\n"
                + "--- a/" + file + "\n+++ b/" + file + "\n@@ -10,3 +10,3 @@\n context\n-" + before + ";\n+"
                + after + ";\n context\n";
    }

    private Repository bare(String name) throws IOException {
        Repository repo = new FileRepository(dir.resolve(name).toFile());
        repo.create(true);
        repo.updateRef(Constants.HEAD).link(Constants.R_HEADS + "main");
        return repo;
    }

    private static String resource(String name) {
        try (InputStream in = Sandbox.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
