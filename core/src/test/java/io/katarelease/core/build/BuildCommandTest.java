package io.katarelease.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.versions.Component;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildCommandTest {
    @TempDir
    Path tmp;

    KataCheckout kata;

    @BeforeEach
    void checkout() throws Exception {
        kata = new KataCheckout(tmp.resolve("kata"));
    }

    private BuildCommand build(Component c) {
        return new BuildCommand().setCheckout(kata.dir).setComponent(c).setCacheDir(tmp.resolve("cache"))
                .setCommand(KataCheckout.BUILD);
    }

    private List<Path> cacheEntries(Component c) throws Exception {
        Path dir = tmp.resolve("cache").resolve(c.id());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aMissBuildsWithThePatchedSeriesAndASecondRunIsAHit() throws Exception {
        BuildResult first = build(Component.QEMU).call();

        assertThat(kata.builds()).isEqualTo(1);
        assertThat(first.record().fromCache()).isFalse();
        assertThat(first.series()).containsExactly(KataCheckout.QEMU_PATCH);
        assertThat(first.record().environment()).containsEntry("USE_CACHE", "no").containsEntry("RELEASE", "yes");
        assertThat(first.record().inputs()).extracting(BuildRecord.Input::name).contains(KataCheckout.QEMU_PATCH,
                "tools/packaging/static-build/qemu/build-qemu.sh", "tools/packaging/kata-deploy/local-build/Makefile");
        Path artifact = Path.of(first.artifact());
        assertThat(artifact).isEqualTo(kata.dir.resolve("build/kata-static-qemu.tar.xz"));
        assertThat(Tarballs.list(artifact)).contains("opt/kata/bin/qemu-system-x86_64");
        assertThat(Digests.sha256(artifact)).isEqualTo(first.record().artifact().sha256());
        assertThat(Path.of(first.recordFile())).exists();

        Path out = tmp.resolve("out");
        BuildResult second = build(Component.QEMU).setOutDir(out).call();

        assertThat(kata.builds()).isEqualTo(1);
        assertThat(second.record().fromCache()).isTrue();
        assertThat(second.record().cacheKey()).isEqualTo(first.record().cacheKey());
        assertThat(Digests.sha256(Path.of(second.artifact()))).isEqualTo(first.record().artifact().sha256());
        assertThat(Path.of(second.artifact()).getParent()).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"patch", "new patch", "kata_config_version", "config fragment", "static-build script",
        "local-build Makefile", "kernel version", "kernel url", "command"})
    void everyKindOfInputChangeMisses(String change) throws Exception {
        build(Component.KERNEL).call();
        assertThat(kata.builds()).isEqualTo(1);
        String command = KataCheckout.BUILD;
        switch (change) {
            case "patch" -> kata.write(KataCheckout.KERNEL_PATCH, KataCheckout.diff("hello.c", "hello", "hi, fork"));
            case "new patch" -> kata.write("tools/packaging/kernel/patches/6.18.x/0002-do-more.patch",
                    KataCheckout.diff("hello.c", "hello", "more"));
            case "kata_config_version" -> kata.write("tools/packaging/kernel/kata_config_version", "203\n");
            case "config fragment" -> kata.write("tools/packaging/kernel/configs/fragments/x86_64/base.conf",
                    "CONFIG_VIRTIO=m\n");
            case "static-build script" -> kata.write("tools/packaging/static-build/kernel/build.sh", "#!/bin/bash\n");
            case "local-build Makefile" -> kata.write("tools/packaging/kata-deploy/local-build/Makefile", "all:\n");
            case "kernel version" -> kata.write("versions.yaml", Files.readString(kata.dir.resolve("versions.yaml"))
                    .replace("version: \"v6.18.35\"", "version: \"v6.18.36\""));
            case "kernel url" -> kata.write("versions.yaml", Files.readString(kata.dir.resolve("versions.yaml"))
                    .replace("https://cdn.kernel.org/pub/linux/kernel/v6.x/", "https://mirror.example/linux/v6.x/"));
            case "command" -> command = KataCheckout.BUILD + " # other host";
            default -> throw new IllegalArgumentException(change);
        }

        BuildResult r = build(Component.KERNEL).setCommand(command).call();

        assertThat(r.record().fromCache()).as(change).isFalse();
        assertThat(kata.builds()).isEqualTo(2);
        assertThat(cacheEntries(Component.KERNEL)).hasSize(2);
    }

    @Test
    void changesOutsideTheInputsStillHit() throws Exception {
        build(Component.KERNEL).call();
        kata.write("src/runtime/main.go", "package main\n");
        kata.write("tools/packaging/qemu/patches/tag_patches/v11.0.1/0002-qemu-only.patch", "x\n");
        kata.write("tools/packaging/kernel/patches/6.12.x/0001-old-kernel.patch", "x\n");

        assertThat(build(Component.KERNEL).call().record().fromCache()).isTrue();
        assertThat(kata.builds()).isEqualTo(1);
    }

    @Test
    void aFailingBuildReportsItsExitCodeAndLastLinesAndCachesNothing() throws Exception {
        assertThatThrownBy(() -> build(Component.QEMU).setCommand("echo compiling; echo 'error: no space'; exit 3").call())
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.lastLines()).containsExactly("compiling", "error: no space");
                    assertThat(e.getMessage()).contains("exited with 3", "error: no space");
                });
        assertThat(cacheEntries(Component.QEMU)).isEmpty();
    }

    @Test
    void aKilledBuildLeavesNoEntryAndTheNextRunBuilds() throws Exception {
        assertThatThrownBy(() -> build(Component.QEMU)
                .setCommand("mkdir -p build; echo partial > build/kata-static-qemu.tar.xz; kill -9 $$").call())
                .isInstanceOf(BuildFailedException.class).hasMessageContaining("exited with 137");
        assertThat(cacheEntries(Component.QEMU)).isEmpty();

        BuildResult r = build(Component.QEMU).call();

        assertThat(r.record().fromCache()).isFalse();
        assertThat(Tarballs.list(Path.of(r.artifact()))).contains("opt/kata/bin/qemu-system-x86_64");
    }

    @Test
    void concurrentBuildsOfOneKeyBuildOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<BuildResult>> runs = List.of(pool.submit(() -> build(Component.QEMU).call()),
                    pool.submit(() -> build(Component.QEMU).call()), pool.submit(() -> build(Component.QEMU).call()));
            List<String> digests = new java.util.ArrayList<>();
            for (Future<BuildResult> f : runs) {
                digests.add(f.get().record().artifact().sha256());
            }
            assertThat(digests).containsOnly(digests.get(0));
        } finally {
            pool.shutdown();
        }
        assertThat(kata.builds()).isEqualTo(1);
        assertThat(cacheEntries(Component.QEMU)).hasSize(1);
    }

    @Test
    void aCorruptedEntryIsDetectedByItsDigestAndRebuilt() throws Exception {
        BuildResult first = build(Component.QEMU).call();
        Path entry = cacheEntries(Component.QEMU).get(0);
        Files.writeString(entry.resolve("kata-static-qemu.tar.xz"), "bit rot");

        BuildResult second = build(Component.QEMU).call();

        assertThat(second.record().fromCache()).isFalse();
        assertThat(second.warnings()).anySatisfy(w -> assertThat(w).contains("damaged", "built again"));
        assertThat(kata.builds()).isEqualTo(2);
        assertThat(second.record().cacheKey()).isEqualTo(first.record().cacheKey());
        assertThat(build(Component.QEMU).call().record().fromCache()).isTrue();
    }

    @Test
    void aHitIsDeliveredAsACopySoThatAnInPlaceBuildCannotWriteIntoTheCache() throws Exception {
        build(Component.QEMU).call();
        Path entry = cacheEntries(Component.QEMU).get(0).resolve("kata-static-qemu.tar.xz");
        byte[] cached = Files.readAllBytes(entry);
        Path out = tmp.resolve("out");

        BuildResult hit = build(Component.QEMU).setOutDir(out).call();
        Path delivered = Path.of(hit.artifact());
        assertThat(Files.isSameFile(delivered, entry)).isFalse();
        assertThat((int) Files.getAttribute(delivered, "unix:nlink")).isEqualTo(1);
        // What kata's build does to its output folder: write the file in place.
        Files.write(delivered, new byte[] {1, 2, 3});

        assertThat(entry).hasBinaryContent(cached);
        assertThat(build(Component.QEMU).setOutDir(out).call().record().fromCache()).isTrue();
        assertThat(Digests.sha256(delivered)).isEqualTo(hit.record().artifact().sha256());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"artifact\":null}", "{\"artifact\":{\"file\":\"\"}}", "[]", "garbage",
        "{\"cacheKey\":\"other\",\"artifact\":{\"file\":\"kata-static-qemu.tar.xz\",\"sha256\":\"00\"}}"})
    void aDamagedCacheRecordIsAMissWithAWarningNeverAnInternalError(String record) throws Exception {
        build(Component.QEMU).call();
        Path entry = cacheEntries(Component.QEMU).get(0);
        Files.writeString(entry.resolve("record.json"), record);

        BuildResult again = build(Component.QEMU).call();

        assertThat(again.record().fromCache()).isFalse();
        assertThat(again.warnings()).anySatisfy(w -> assertThat(w).contains("damaged"));
        assertThat(kata.builds()).isEqualTo(2);
    }

    @Test
    void aBuildOutputThatIsALinkIsRefusedAndNotCached() throws Exception {
        Path hostFile = Files.writeString(tmp.resolve("id_rsa"), "PRIVATE KEY");
        BuildCommand linking = new BuildCommand().setCheckout(kata.dir).setComponent(Component.QEMU)
                .setCacheDir(tmp.resolve("cache")).setCommand("mkdir -p build && ln -sf " + hostFile
                        + " build/kata-static-qemu.tar.xz");

        assertThatThrownBy(linking::call)
                .isInstanceOf(io.katarelease.core.packaging.UnsafeArtifactException.class)
                .hasMessageContaining("symbolic link")
                .hasMessageContaining(hostFile.toString());
        assertThat(cacheEntries(Component.QEMU)).isEmpty();
    }

    @Test
    void aPatchThatDoesNotApplyIsNamedWithItsHunkBeforeAnyBuild() throws Exception {
        Path source = KataCheckout.source(tmp.resolve("qemu-src"), "bonjour");

        assertThatThrownBy(() -> build(Component.QEMU).setSource(source).call())
                .isInstanceOfSatisfying(PatchFailedException.class, e -> {
                    assertThat(e.patch()).isEqualTo(KataCheckout.QEMU_PATCH);
                    assertThat(e.getMessage()).contains("patch 1 of 1", "Hunk #1 FAILED");
                });
        assertThat(kata.builds()).isZero();
        assertThat(Files.readString(source.resolve("hello.c"))).contains("bonjour");
    }

    @Test
    void patchesThatApplyToTheSourceLetTheBuildRun() throws Exception {
        Path source = KataCheckout.source(tmp.resolve("qemu-src"), "hello");

        BuildResult r = build(Component.QEMU).setSource(source).call();

        assertThat(r.record().fromCache()).isFalse();
        assertThat(Files.readString(source.resolve("hello.c"))).contains("\"hello\"");
    }

    /** A source tarball in Java: members as (name, kind, content or link target). */
    private static Path sourceTarball(Path file, String[]... members) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream zst = new io.airlift.compress.zstd.ZstdOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(zst)) {
            for (String[] m : members) {
                TarArchiveEntry e = switch (m[1]) {
                    case "file" -> new TarArchiveEntry(m[0]);
                    case "hard" -> new TarArchiveEntry(m[0], TarConstants.LF_LINK);
                    default -> new TarArchiveEntry(m[0], TarConstants.LF_SYMLINK);
                };
                byte[] bytes = m[1].equals("file") ? m[2].getBytes(StandardCharsets.UTF_8) : new byte[0];
                if (!m[1].equals("file")) {
                    e.setLinkName(m[2]);
                }
                e.setSize(bytes.length);
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    @Test
    void aHardLinkInASourceTarballIsExtractedWithItsContent() throws Exception {
        // hello.c is a hard link to an earlier member: the patch must see its content, not an empty file.
        Path source = sourceTarball(tmp.resolve("src/qemu-11.0.1.tar.zst"),
                new String[] {"qemu-11.0.1/orig.c", "file", "int main() {\n  puts(\"hello\");\n}\n"},
                new String[] {"qemu-11.0.1/hello.c", "hard", "qemu-11.0.1/orig.c"},
                new String[] {"qemu-11.0.1/VERSION", "file", "11.0.1\n"});

        BuildResult r = build(Component.QEMU).setSource(source).call();

        assertThat(r.record().fromCache()).isFalse();
    }

    @Test
    void aSourceTarballWhoseLinksLeaveTheTreeIsRefused() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Path chain = sourceTarball(tmp.resolve("src/chain.tar.zst"),
                new String[] {"qemu-11.0.1/a", "link", "."},
                new String[] {"qemu-11.0.1/b", "link", "a/a/a/a/../../../../../../host"},
                new String[] {"qemu-11.0.1/b/planted", "file", "x"});
        assertThatThrownBy(() -> build(Component.QEMU).setSource(chain).call())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'qemu-11.0.1/b/planted' below the link 'qemu-11.0.1/b'");
        Path out = sourceTarball(tmp.resolve("src/out.tar.zst"),
                new String[] {"qemu-11.0.1/a", "link", "."},
                new String[] {"qemu-11.0.1/b", "link", "a/a/a/../../../../../host"},
                new String[] {"qemu-11.0.1/VERSION", "file", "11.0.1\n"});
        assertThatThrownBy(() -> build(Component.QEMU).setSource(out).call())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("link out of the tree: 'qemu-11.0.1/b'").hasMessageContaining("it leaves the tree");
        try (var left = Files.list(host)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void aZstdArtefactIsAcceptedToo() throws Exception {
        KataCheckout.tarZst(kata.dir.resolve("prebuilt/qemu.tar.zst"),
                Map.of("./opt/kata/bin/qemu-system-x86_64", "qemu", "./opt/kata/share/qemu/bios.bin", "bios"));

        BuildResult r = build(Component.QEMU)
                .setCommand("mkdir -p build && cp prebuilt/qemu.tar.zst build/kata-static-qemu.tar.zst").call();

        assertThat(r.artifact()).endsWith("kata-static-qemu.tar.zst");
        assertThat(Tarballs.list(Path.of(r.artifact()))).contains("opt/kata/bin/qemu-system-x86_64");
    }

    @Test
    void anArtefactWithoutTheComponentIsABuildFailure() throws Exception {
        assertThatThrownBy(() -> build(Component.KERNEL).setCommand(
                "mkdir -p build s/opt/kata && echo x > s/opt/kata/README && tar -cJf build/kata-static-kernel.tar.xz -C s ./opt")
                .call())
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("holds no opt/kata/share/kata-containers/vmlinuz-");
        assertThat(cacheEntries(Component.KERNEL)).isEmpty();
    }

    @Test
    void aMissingSelectedDirectoryStopsBeforeBuilding() throws Exception {
        Files.delete(kata.dir.resolve("tools/packaging/qemu/patches/11.0.x/no_patches.txt"));
        Files.delete(kata.dir.resolve("tools/packaging/qemu/patches/11.0.x"));

        assertThatThrownBy(() -> build(Component.QEMU).call())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tools/packaging/qemu/patches/11.0.x does not exist");
        assertThat(kata.builds()).isZero();
    }

    @Test
    void aPatchDirectoryLinkedOutOfTheCheckoutIsRefused() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(outside.resolve("0001-evil.patch"), "x\n");
        Path dir = kata.dir.resolve("tools/packaging/qemu/patches/tag_patches/v11.0.1");
        Files.delete(dir.resolve("0001-do-tune.patch"));
        Files.delete(dir);
        Files.createSymbolicLink(dir, outside);

        assertThatThrownBy(() -> build(Component.QEMU).call())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("symbolic link");
        assertThat(kata.builds()).isZero();
    }

    @Test
    void aMalformedVersionsYamlIsAClearErrorAndNothingIsWritten() throws Exception {
        kata.write("versions.yaml", "assets:\n  kernel:\n    version: [\"v6.18.35\"\n");

        assertThatThrownBy(() -> build(Component.KERNEL).call())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("versions.yaml in the checkout " + kata.dir + " is not valid YAML");
        assertThat(tmp.resolve("cache")).doesNotExist();
        assertThat(kata.dir.resolve("build")).doesNotExist();
        assertThat(kata.builds()).isZero();
    }

    @Test
    void anotherKataDeployTargetGoesThroughTheSameRunnerAndCache() throws Exception {
        // kata's builds write only under build/ directories; so does this one (and counts its runs)
        String agent = "mkdir -p build/s/opt/kata/bin && echo agent > build/s/opt/kata/bin/kata-agent"
                + " && tar -cJf build/kata-static-agent.tar.xz -C build/s ./opt && echo x >> build/agent-count";
        BuildResult first = new BuildCommand().setCheckout(kata.dir).setTarget("agent").setCacheDir(tmp.resolve("cache"))
                .setCommand(agent).call();
        assertThat(first.record().component()).isEqualTo("agent");
        assertThat(first.record().version()).isEqualTo("4.1.0");
        assertThat(Tarballs.list(Path.of(first.artifact()))).contains("opt/kata/bin/kata-agent");

        BuildResult hit = new BuildCommand().setCheckout(kata.dir).setTarget("agent").setCacheDir(tmp.resolve("cache"))
                .setCommand(agent).call();
        assertThat(hit.record().fromCache()).isTrue();

        // without a patch series of ours, any file of the checkout is an input (build/ aside)
        kata.write("src/agent/src/main.rs", "fn main() {}\n");
        BuildResult miss = new BuildCommand().setCheckout(kata.dir).setTarget("agent").setCacheDir(tmp.resolve("cache"))
                .setCommand(agent).call();
        assertThat(miss.record().fromCache()).isFalse();
        assertThat(Files.readAllLines(kata.dir.resolve("build/agent-count"))).hasSize(2);

        assertThatThrownBy(() -> new BuildCommand().setCheckout(kata.dir).setTarget("../x").call())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a kata-deploy target name");
    }

    @Test
    void onlyX86IsBuilt() {
        assertThatThrownBy(() -> build(Component.QEMU).setArch("s390x").call())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("only x86_64");
    }
}
