package io.katarelease.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A kata-containers-shaped upstream and a fork of it, as real bare repositories on disk.
 *
 * <pre>
 *  upstream main:  R - w1..w20 - B4.0.0 - w21..w40 - B4.1.0 - w41..w50
 *                                  (tag 4.0.0)          (tag 4.1.0, lightweight)
 *  fork main:      R - ... - B4.0.0                    (the mirror, one release behind)
 *  fork do/main:   R - ... - B4.0.0 - F1 - F2 - F3     (the carried patches)
 * </pre>
 *
 * F1 adds a kernel patch, F2 a QEMU tag patch, F3 a kernel config fragment. The upstream files
 * follow kata's layout: {@code versions.yaml} (real, from 4.0.0 and 4.1.0), {@code VERSION},
 * {@code tools/packaging/kernel/kata_config_version} and the patch directories.
 */
public final class KataRepos implements AutoCloseable {
    public static final String KERNEL_PATCH = "tools/packaging/kernel/patches/6.18.x/0100-do-virtio-fix.patch";
    public static final String QEMU_PATCH = "tools/packaging/qemu/patches/tag_patches/v11.0.1/0100-do-migration.patch";
    public static final String CONFIG_FRAGMENT = "tools/packaging/kernel/configs/fragments/x86_64/do.conf";
    public static final String KATA_CONFIG_VERSION = "tools/packaging/kernel/kata_config_version";
    public static final String MAIN = "refs/heads/main";
    public static final String PATCH_BRANCH = "refs/heads/do/main";

    public final Path dir;
    public final Repository upstream;
    public final TestRepository<Repository> up;
    public Repository fork;
    public TestRepository<Repository> fk;
    private int work;

    private KataRepos(Path dir, Repository upstream) throws IOException {
        this.dir = dir;
        this.upstream = upstream;
        this.up = new TestRepository<>(upstream);
    }

    /** Builds the upstream up to 4.0.0, the fork, then upstream on to 4.1.0 and beyond. */
    public static KataRepos create(Path dir) throws Exception {
        Repository upstream = new FileRepository(dir.resolve("upstream.git").toFile());
        upstream.create(true);
        upstream.updateRef("HEAD").link(MAIN);
        KataRepos repos = new KataRepos(dir, upstream);
        repos.up.branch(MAIN).commit()
                .add("VERSION", "3.32.0\n")
                .add("versions.yaml", fixture("io/katarelease/core/sandbox/3.32.0.yaml"))
                .add(KATA_CONFIG_VERSION, "197\n")
                .add("tools/packaging/kernel/patches/6.18.x/no_patches.txt", "")
                .add("tools/packaging/qemu/patches/11.0.x/no_patches.txt", "")
                .add("tools/packaging/qemu/patches/tag_patches/v11.0.1/no_patches.txt", "")
                .add("src/runtime/go.mod", "module github.com/kata-containers/kata-containers/src/runtime\n")
                .message("initial import").create();
        repos.upstreamWork(20);
        repos.upstreamRelease("4.0.0", "io/katarelease/core/sandbox/4.0.0.yaml", "200");

        Git.cloneRepository().setBare(true).setURI(dir.resolve("upstream.git").toUri().toString())
                .setDirectory(dir.resolve("fork.git").toFile()).call().close();
        repos.fork = new FileRepository(dir.resolve("fork.git").toFile());
        repos.fk = new TestRepository<>(repos.fork);
        repos.fk.update(PATCH_BRANCH, repos.fk.getRevWalk().parseCommit(repos.fork.resolve(MAIN)));
        repos.forkCommit(KERNEL_PATCH, patchText("drivers/virtio/virtio_ring.c", "fix"), "kernel: carry DO virtio fix");
        repos.forkCommit(QEMU_PATCH, patchText("migration/ram.c", "tune"), "qemu: carry DO migration patch");
        repos.forkCommit(CONFIG_FRAGMENT, "CONFIG_DO_FIX=y\n", "kernel: enable DO config fragment");

        repos.upstreamWork(20);
        repos.upstreamRelease("4.1.0", "io/katarelease/core/sandbox/4.1.0.yaml", "202");
        repos.upstreamWork(10);
        return repos;
    }

    /** Adds {@code n} upstream commits that change runtime sources. */
    public RevCommit upstreamWork(int n) throws Exception {
        RevCommit last = null;
        for (int i = 0; i < n; i++) {
            work++;
            up.tick(60);
            last = up.branch(MAIN).commit()
                    .add("src/runtime/pkg/f" + (work % 25) + ".go", "package pkg\n// change " + work + "\n")
                    .message("runtime: change " + work).create();
        }
        return last;
    }

    /** Bumps VERSION, versions.yaml and kata_config_version, and tags the commit (lightweight). */
    public RevCommit upstreamRelease(String version, String yamlFixture, String kataConfigVersion)
            throws Exception {
        up.tick(60);
        RevCommit bump = up.branch(MAIN).commit()
                .add("VERSION", version + "\n")
                .add("versions.yaml", fixture(yamlFixture))
                .add(KATA_CONFIG_VERSION, kataConfigVersion + "\n")
                .message("release: Bump version to " + version).create();
        up.update("refs/tags/" + version, bump);
        return bump;
    }

    /** Adds one upstream commit on main. */
    public RevCommit upstreamCommit(String path, String content, String message) throws Exception {
        up.tick(60);
        return up.branch(MAIN).commit().add(path, content).message(message).create();
    }

    /** Adds one commit on the fork's patch branch. */
    public RevCommit forkCommit(String path, String content, String message) throws Exception {
        fk.tick(60);
        return fk.branch(PATCH_BRANCH).commit().add(path, content).message(message).create();
    }

    /** @return every ref of the fork with its value, for before/after comparisons */
    public Map<String, ObjectId> forkRefs() throws IOException {
        Map<String, ObjectId> refs = new TreeMap<>();
        for (Ref r : fork.getRefDatabase().getRefs()) {
            refs.put(r.getName(), r.getObjectId());
        }
        return refs;
    }

    /** @return the file's content at a commit of the fork, or null when absent */
    public String forkFile(ObjectId commit, String path) throws IOException {
        try (RevWalk walk = new RevWalk(fork)) {
            RevCommit c = walk.parseCommit(commit);
            try (TreeWalk tw = TreeWalk.forPath(fork, path, c.getTree())) {
                if (tw == null) {
                    return null;
                }
                ObjectLoader loader = fork.open(tw.getObjectId(0));
                return new String(loader.getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    public ObjectId forkRef(String name) throws IOException {
        return fork.resolve(name);
    }

    public ObjectId upstreamRef(String name) throws IOException {
        return upstream.resolve(name);
    }

    public String upstreamUrl() {
        return dir.resolve("upstream.git").toUri().toString();
    }

    public String forkUrl() {
        return dir.resolve("fork.git").toUri().toString();
    }

    /** A plausible unified diff, as kata keeps in its patch directories. */
    public static String patchText(String file, String word) {
        return "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
                + "Subject: [PATCH] " + word + "\n\n"
                + "--- a/" + file + "\n+++ b/" + file + "\n@@ -1,3 +1,3 @@\n"
                + " context\n-old " + word + "\n+new " + word + "\n context\n";
    }

    /** Reads a test resource as text. */
    public static String fixture(String name) {
        try (InputStream in = KataRepos.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        up.close();
        fk.close();
        upstream.close();
        fork.close();
    }
}
