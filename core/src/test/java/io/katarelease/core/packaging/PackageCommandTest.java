package io.katarelease.core.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.KataRelease;
import io.katarelease.core.build.Digests;
import io.katarelease.core.build.Tarballs;
import io.katarelease.core.git.Remote;
import io.katarelease.core.sandbox.Sandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageCommandTest {
    @TempDir
    Path tmp;

    Path artifacts;

    @BeforeEach
    void componentTarballs() throws Exception {
        artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        Path qemu = stage("qemu", Map.of("opt/kata/bin/qemu-system-x86_64", "ELF qemu",
                "opt/kata/share/kata-qemu/qemu/bios.bin", "bios", "opt/kata/libexec/virtiofsd", "virtiofsd"));
        Path kernel = stage("kernel", Map.of("opt/kata/share/kata-containers/vmlinuz-6.18.35-202", "bzImage",
                "opt/kata/share/kata-containers/vmlinux-6.18.35-202", "vmlinux"));
        Files.createSymbolicLink(kernel.resolve("opt/kata/share/kata-containers/vmlinuz.container"),
                Path.of("vmlinuz-6.18.35-202"));
        gnuTar(qemu, artifacts.resolve("kata-static-qemu.tar.xz"));
        gnuTar(kernel, artifacts.resolve("kata-static-kernel.tar.xz"));
    }

    private Path stage(String name, Map<String, String> files) throws IOException {
        Path root = tmp.resolve("stage-" + name);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            if (f.getKey().contains("/bin/") || f.getKey().contains("/libexec/")) {
                p.toFile().setExecutable(true);
            }
        }
        return root;
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static void gnuTar(Path root, Path out) throws Exception {
        run(root, "tar", "-cJf", out.toString(), "./opt");
    }

    private PackageCommand pack(Path out) {
        return new PackageCommand().setReleaseTag("4.1.0-digitalocean-0").setArtifacts(artifacts).setOutDir(out);
    }

    @Test
    void mergesComponentsIntoOneTarballThatGnuTarListsAndExtracts() throws Exception {
        PackageResult r = pack(tmp.resolve("out")).call();

        Path tarball = Path.of(r.tarball());
        assertThat(tarball.getFileName().toString()).isEqualTo("4.1.0-digitalocean-0-x86_64.tar.xz");
        String listing = run(tmp, "tar", "-tvJf", tarball.toString());
        assertThat(listing).contains("root/root", "./opt/kata/bin/qemu-system-x86_64", "./opt/kata/VERSION",
                "./opt/kata/share/kata-containers/vmlinuz.container -> vmlinuz-6.18.35-202", "2020-01-01");
        Path x = Files.createDirectories(tmp.resolve("x"));
        run(x, "tar", "-xJf", tarball.toString());
        assertThat(x.resolve("opt/kata/VERSION")).hasContent("4.1.0-digitalocean-0");
        assertThat(x.resolve("opt/kata/bin/qemu-system-x86_64")).hasContent("ELF qemu").isExecutable();
        assertThat(x.resolve("opt/kata/share/kata-containers/vmlinuz.container")).hasContent("bzImage");
        assertThat(r.components()).containsExactly("kata-static-kernel.tar.xz", "kata-static-qemu.tar.xz");
        assertThat(run(tmp.resolve("out"), "sha256sum", "-c", "SHA256SUMS")).contains(": OK");
        assertThat(r.sha256()).isEqualTo(Digests.sha256(tarball));
        try (Stream<Path> left = Files.list(tmp.resolve("out"))) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(LOCK,
                    "4.1.0-digitalocean-0-x86_64.tar.xz", "SHA256SUMS", "4.1.0-digitalocean-0-report.md");
        }
    }

    @Test
    void theSameInputsGiveTheSameBytesWithTheXzProgramAndWithJava() throws Exception {
        String a = pack(tmp.resolve("a")).call().sha256();
        String b = pack(tmp.resolve("b")).call().sha256();
        assertThat(b).isEqualTo(a);
        String javaA = pack(tmp.resolve("ja")).setXzProgram(false).call().sha256();
        String javaB = pack(tmp.resolve("jb")).setXzProgram(false).call().sha256();
        assertThat(javaB).isEqualTo(javaA);
        List<String> fromJava = Tarballs.list(Path.of(pack(tmp.resolve("jc")).setXzProgram(false).call().tarball()));
        assertThat(fromJava).isEqualTo(Tarballs.list(Path.of(pack(tmp.resolve("c")).call().tarball())));
    }

    @Test
    void zstdIsAnOption() throws Exception {
        PackageResult r = pack(tmp.resolve("out")).setNamePattern("{tag}-{arch}.tar.zst").call();

        assertThat(r.tarball()).endsWith("4.1.0-digitalocean-0-x86_64.tar.zst");
        assertThat(r.compressor()).isEqualTo("ZSTD_JAVA");
        assertThat(Tarballs.list(Path.of(r.tarball()))).contains("opt/kata/VERSION", "opt/kata/bin/qemu-system-x86_64");
    }

    @Test
    void theReportAndVersionsYamlComeFromTheReleaseRef() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        KataRelease.sync().setUpstream(Remote.of("upstream", sandbox.upstreamUrl(), null))
                .setFork(Remote.of("fork", sandbox.forkUrl(), null)).setTag("4.1.0").setWorkDir(sandbox.workDir())
                .call();
        try (FileRepository fork = new FileRepository(sandbox.dir().resolve("fork.git").toFile())) {
            PackageResult r = pack(tmp.resolve("out")).setRepository(fork, "4.1.0-digitalocean-0").setBaseRef("4.1.0")
                    .call();

            String report = Files.readString(Path.of(r.report()));
            assertThat(report).contains("# 4.1.0-digitalocean-0", "Upstream: kata-containers 4.1.0 (",
                    "qemu: carry virtio-net tx queue tuning", "`.assets.kernel.version` | v6.18.35 | 1 (1)",
                    Sandbox.KERNEL_PATCH + "` (carried)", r.sha256());
            Path x = Files.createDirectories(tmp.resolve("x"));
            run(x, "tar", "-xJf", r.tarball());
            assertThat(Files.readString(x.resolve("opt/kata/versions.yaml"))).contains("version: \"v11.0.1\"");
        }
    }

    // ---- hostile input: each refused with a clear error and nothing written ----

    private void hostile(String name, Path tarball, String expected) throws Exception {
        Path out = tmp.resolve("out-" + name);
        assertThatThrownBy(() -> pack(out).call()).as(name)
                .isInstanceOf(UnsafeArtifactException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining("nothing was written");
        assertThat(leftIn(out)).as(name).isEmpty();
        Files.delete(tarball);
    }

    private Path javaTar(String name, TarArchiveEntry... entries) throws IOException {
        Path file = artifacts.resolve("kata-static-" + name + ".tar.xz");
        try (OutputStream raw = Files.newOutputStream(file);
                XZCompressorOutputStream xz = new XZCompressorOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry e : entries) {
                boolean regular = e.getLinkFlag() == TarConstants.LF_NORMAL || e.getLinkFlag() == TarConstants.LF_OLDNORM;
                if (regular) {
                    e.setSize(1);
                }
                tar.putArchiveEntry(e);
                if (regular) {
                    tar.write('x');
                }
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static TarArchiveEntry link(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        return e;
    }

    @Test
    void unsafeMembersAreRefused() throws Exception {
        hostile("absolute", javaTar("abs", new TarArchiveEntry("/etc/cron.d/evil", true)), "absolute path");
        hostile("dotdot", javaTar("dots", new TarArchiveEntry("./opt/kata/../../etc/passwd", true)), "'..'");
        hostile("outside", javaTar("out", new TarArchiveEntry("./etc/resolv.conf")), "outside opt/kata/");
        hostile("link", javaTar("link", link("./opt/kata/bin/sh", "/bin/sh")), "link out of opt/kata");
        hostile("link-up", javaTar("linkup", link("./opt/kata/share/x", "../../../etc/shadow")), "link out of opt/kata");
        hostile("device", javaTar("dev", new TarArchiveEntry("./opt/kata/null", TarConstants.LF_CHR)),
                "device, FIFO or other special file");
    }

    private static TarArchiveEntry hardLink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return e;
    }

    private static TarArchiveEntry file(String name) {
        return new TarArchiveEntry(name, TarConstants.LF_NORMAL);
    }

    /** A directory beside the output, standing for the host: nothing may appear in it. */
    private Path host() throws IOException {
        return Files.createDirectories(tmp.resolve("host"));
    }

    @Test
    void linksThatOnlyLookInsideAndMembersBelowLinksAreRefused() throws Exception {
        Path host = host();
        // From opt/kata, 'a' is opt/kata itself: a/a/a/a/../../../.. climbs four levels, to tmp.
        String toHost = "a/a/a/a/../../../../host";
        hostile("chain", javaTar("chain", link("./opt/kata/a", "."), link("./opt/kata/b", toHost)),
                "link out of opt/kata: 'opt/kata/b' -> '" + toHost + "' (it leaves the tree");
        hostile("write-through", javaTar("through", link("./opt/kata/a", "."), link("./opt/kata/b", toHost),
                file("./opt/kata/b/planted")), "'opt/kata/b/planted' below the link 'opt/kata/b'");
        hostile("dir-link", javaTar("dirlink", link("./opt/kata/share", "../../../host"), file("./opt/kata/share/x")),
                "below the link 'opt/kata/share'");
        hostile("absolute-dir-link", javaTar("absdirlink", link("./opt/kata/share", host.toString()),
                file("./opt/kata/share/x")), "link out of opt/kata");
        hostile("loop", javaTar("loop", link("./opt/kata/x", "y"), link("./opt/kata/y", "x")), "it loops");
        hostile("deep-up", javaTar("deepup", link("./opt/kata/deep", "share/kata-containers/x"),
                link("./opt/kata/up", "deep/../../../../..")), "link out of opt/kata");
        // A hard link to a host file, reached through a link that passes a lexical check.
        hostile("hard-through", javaTar("hard", link("./opt/kata/a", "."), link("./opt/kata/b", toHost),
                hardLink("./opt/kata/h", "./opt/kata/b/secret")), "hard link to a missing, linked or outside file");
        hostile("hard-out", javaTar("hardout", hardLink("./opt/kata/h", "../../etc/passwd")),
                "hard link to a missing, linked or outside file");
        try (Stream<Path> planted = Files.list(host)) {
            assertThat(planted.toList()).isEmpty();
        }
        // A link that climbs and comes back inside is fine; so is a hard link to an earlier file.
        javaTar("fine", file("./opt/kata/share/kata-containers/vmlinuz-1"), link("./opt/kata/share/k", "../share/kata-containers"),
                hardLink("./opt/kata/share/vmlinuz-copy", "./opt/kata/share/kata-containers/vmlinuz-1"));
        PackageResult r = pack(tmp.resolve("out-fine")).call();
        Path x = Files.createDirectories(tmp.resolve("x-fine"));
        run(x, "tar", "-xJf", r.tarball());
        assertThat(x.resolve("opt/kata/share/k/vmlinuz-1")).hasContent("x");
        assertThat(x.resolve("opt/kata/share/vmlinuz-copy")).hasContent("x");
    }

    /**
     * Random component tarballs of files, directories, links with random targets and hard links:
     * whatever package accepts, GNU tar unpacks with every link ending inside opt/kata, and
     * nothing is ever written beside the output.
     */
    @Test
    void randomLinkGraphsNeverLeaveTheTree() throws Exception {
        Path host = host();
        String[] words = {"..", ".", "a", "b", "c", "bin", "share", "host", "x"};
        int accepted = 0;
        int refused = 0;
        int resolved = 0;
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            List<TarArchiveEntry> entries = new ArrayList<>();
            List<String> files = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String dir = new String[] {"opt/kata", "opt/kata/bin", "opt/kata/share", "opt/kata/a"}[random.nextInt(4)];
                String name = "./" + dir + "/" + words[2 + random.nextInt(words.length - 2)];
                switch (random.nextInt(6)) {
                    case 0, 1 -> {
                        // Mostly likely targets (so that many links resolve), else random walks.
                        String[] likely = {"x", "../x", "../bin/x", "../share/a", ".", "..", "a/x", "../../kata/bin",
                            "../../../x", "a/../x", "../a/b", "b"};
                        StringBuilder target = new StringBuilder();
                        if (random.nextInt(10) < 7) {
                            target.append(likely[random.nextInt(likely.length)]);
                        } else {
                            for (int k = 0, n = 1 + random.nextInt(6); k < n; k++) {
                                target.append(k == 0 ? "" : "/").append(words[random.nextInt(words.length)]);
                            }
                        }
                        entries.add(link(name, target.toString()));
                    }
                    case 2 -> entries.add(hardLink(name, files.isEmpty() ? "./opt/kata/x" : files.get(random.nextInt(files.size()))));
                    case 3 -> entries.add(new TarArchiveEntry(name + "/", TarConstants.LF_DIR));
                    default -> {
                        entries.add(file(name));
                        files.add(name);
                    }
                }
            }
            try (Stream<Path> old = Files.list(artifacts)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            javaTar("random", entries.toArray(TarArchiveEntry[]::new));
            Path out = tmp.resolve("out-random-" + seed);
            PackageResult r;
            try {
                r = pack(out).call();
            } catch (UnsafeArtifactException e) {
                refused++;
                continue;
            }
            accepted++;
            Path x = Files.createDirectories(tmp.resolve("x-random-" + seed));
            run(x, "tar", "-xJf", r.tarball());
            Path kata = x.resolve("opt/kata").toRealPath();
            for (String line : run(x, "find", ".", "-type", "l").split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                Path p = x.resolve(line.strip()).normalize();
                Path real;
                try {
                    real = p.toRealPath();
                } catch (java.nio.file.FileSystemException dangling) {
                    continue; // ends nowhere (missing, or a file taken for a directory): verify's to report
                }
                assertThat(real).as("seed %d: %s -> %s", seed, p, Files.readSymbolicLink(p)).startsWithRaw(kata);
                resolved++;
            }
        }
        try (Stream<Path> planted = Files.list(host)) {
            assertThat(planted.toList()).isEmpty();
        }
        assertThat(accepted).as("accepted").isGreaterThan(5);
        assertThat(refused).as("refused").isGreaterThan(5);
        assertThat(resolved).as("links that GNU tar's tree resolves").isGreaterThan(20);
    }

    @Test
    void onePathFromTwoComponentsMustHaveOneContent() throws Exception {
        Path same = stage("same", Map.of("opt/kata/share/defaults/kata-containers/configuration.toml", "a"));
        gnuTar(same, artifacts.resolve("kata-static-a.tar.xz"));
        Path same2 = stage("same2", Map.of("opt/kata/share/defaults/kata-containers/configuration.toml", "a"));
        gnuTar(same2, artifacts.resolve("kata-static-b.tar.xz"));
        assertThat(pack(tmp.resolve("ok")).call().components()).hasSize(4);

        Path asDir = stage("asdir", Map.of("opt/kata/bin/qemu-system-x86_64/oops", "x"));
        gnuTar(asDir, artifacts.resolve("kata-static-d.tar.xz"));
        hostile("dir-vs-file", artifacts.resolve("kata-static-d.tar.xz"), "is a directory in one component and a file");

        Path other = stage("other", Map.of("opt/kata/share/defaults/kata-containers/configuration.toml", "b"));
        gnuTar(other, artifacts.resolve("kata-static-c.tar.xz"));
        hostile("conflict", artifacts.resolve("kata-static-c.tar.xz"), "with different content");
    }

    @Test
    void anOutputOverTheLimitIsRefusedAndNothingIsLeft() throws Exception {
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> pack(out).setSizeLimit(200).call())
                .isInstanceOf(UnsafeArtifactException.class)
                .hasMessageContaining("larger than 200 bytes");
        assertThat(leftIn(out)).isEmpty();
    }

    @Test
    void componentsThatUnpackToTooMuchAreRefusedBeforeFillingTheDisk() throws Exception {
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> pack(out).setUnpackLimit(20).call())
                .isInstanceOf(UnsafeArtifactException.class)
                .hasMessageContaining("unpack to more than 20 bytes");
        assertThat(leftIn(out)).isEmpty();
    }

    @Test
    void badNamesAndEmptyArtifactDirectoriesAreClearErrors() throws Exception {
        assertThatThrownBy(() -> pack(tmp.resolve("o")).setNamePattern("../{tag}.tar.xz").call())
                .hasMessageContaining("must be a file name ending in .tar.xz or .tar.zst");
        assertThatThrownBy(() -> pack(tmp.resolve("o")).setReleaseTag("--evil").call())
                .hasMessageContaining("starts with '-'");
        assertThatThrownBy(() -> new PackageCommand().setReleaseTag("t").setArtifacts(Files.createDirectories(
                tmp.resolve("empty"))).setOutDir(tmp.resolve("o")).call())
                .hasMessageContaining("no kata-static-*.tar.xz");
    }

    @Test
    void linksPlantedAtEveryOutputNameAreReplacedNeverWrittenThrough() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        List<String> names = List.of("SHA256SUMS", "4.1.0-digitalocean-0-report.md", "4.1.0-digitalocean-0-x86_64.tar.xz",
                ".4.1.0-digitalocean-0-x86_64.tar.xz.part", ".SHA256SUMS.part");
        for (String n : names) {
            Path victim = Files.writeString(outside.resolve(n + ".victim"), "host file " + n);
            Files.createSymbolicLink(out.resolve(n), victim);
        }

        PackageResult r = pack(out).call();

        for (String n : names) {
            assertThat(outside.resolve(n + ".victim")).as(n).hasContent("host file " + n);
        }
        for (String n : List.of("SHA256SUMS", "4.1.0-digitalocean-0-report.md", "4.1.0-digitalocean-0-x86_64.tar.xz")) {
            assertThat(Files.isSymbolicLink(out.resolve(n))).as(n).isFalse();
            assertThat(Files.isRegularFile(out.resolve(n), LinkOption.NOFOLLOW_LINKS)).as(n).isTrue();
        }
        assertThat(run(out, "sha256sum", "-c", "SHA256SUMS")).contains(": OK");
        assertThat(r.sha256()).isEqualTo(Digests.sha256(Path.of(r.tarball())));
        // The planted .part links were a killed run's leftovers as far as the next run knows: gone.
        assertThat(leftIn(out)).containsExactlyInAnyOrder("SHA256SUMS", "4.1.0-digitalocean-0-report.md",
                "4.1.0-digitalocean-0-x86_64.tar.xz");
    }

    @Test
    void aComponentPickedUpByNameThatIsALinkIsRefusedAndNamed() throws Exception {
        Path secret = Files.writeString(tmp.resolve("id_rsa"), "PRIVATE KEY");
        Files.createSymbolicLink(artifacts.resolve("kata-static-agent.tar.xz"), secret);
        Path out = tmp.resolve("out");

        assertThatThrownBy(() -> pack(out).call())
                .isInstanceOf(UnsafeArtifactException.class)
                .hasMessageContaining("kata-static-agent.tar.xz")
                .hasMessageContaining("symbolic link")
                .hasMessageContaining(secret.toString());
        assertThat(Files.exists(out.resolve("4.1.0-digitalocean-0-x86_64.tar.xz"))).isFalse();
    }

    @Test
    void aBuildRecordThatCameWithTheArtefactsIsReadSafelyIntoTheReport() throws Exception {
        // A record written to break out of its table cell (it comes from another agent in Jenkins).
        Files.writeString(artifacts.resolve("kata-static-qemu.build.json"), "{\"version\": \"v11 | x\\n## Injected\","
                + " \"cacheKey\": \"ab`cd|ef\"}");
        pack(tmp.resolve("out")).call();
        String report = Files.readString(tmp.resolve("out").resolve("4.1.0-digitalocean-0-report.md"));
        assertThat(report).contains("| kata-static-qemu.tar.xz | v11 \\| x ## Injected | `abcdef` |")
                .doesNotContain("\n## Injected");

        // A record that is a link out of the folder is refused, and the file it points at is not read.
        Path secret = Files.writeString(tmp.resolve("secret.json"), "{\"version\": \"SECRET-VALUE\"}");
        Files.delete(artifacts.resolve("kata-static-qemu.build.json"));
        Files.createSymbolicLink(artifacts.resolve("kata-static-qemu.build.json"), secret);
        assertThatThrownBy(() -> pack(tmp.resolve("out2")).call()).hasMessageNotContaining("SECRET-VALUE");
        assertThat(tmp.resolve("out2").resolve("4.1.0-digitalocean-0-report.md")).doesNotExist();

        // A record that is not JSON is named, without its content.
        Files.delete(artifacts.resolve("kata-static-qemu.build.json"));
        Files.writeString(artifacts.resolve("kata-static-qemu.build.json"), "not json: PASSWORD=hunter2");
        assertThatThrownBy(() -> pack(tmp.resolve("out3")).call())
                .hasMessageContaining("kata-static-qemu.build.json is not a build record")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aFifoPickedUpByNameIsRefusedWithoutBlocking() throws Exception {
        run(artifacts, "mkfifo", "kata-static-agent.tar.xz");

        assertThatThrownBy(() -> pack(tmp.resolve("out")).call())
                .isInstanceOf(UnsafeArtifactException.class)
                .hasMessageContaining("kata-static-agent.tar.xz")
                .hasMessageContaining("not a regular file");
    }

    @Test
    void whatAKilledRunLeftIsRemovedByTheNextAndALiveRunIsRefused() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        // What a kill -9 in the middle leaves: a staging folder with its (now free) lock, a partial tarball.
        Path staging = Files.createDirectories(out.resolve(".kata-release-package-123/tree/opt/kata"));
        Files.writeString(staging.resolveSibling("VERSION"), "half");
        Files.writeString(out.resolve(".kata-release-package-123/.in-use"), "");
        Files.writeString(out.resolve(".4.1.0-digitalocean-0-x86_64.tar.xz.abcdef.part"), "half a tarball");
        // The output folder may be shared: another program's temporary file is not ours to take.
        Files.writeString(out.resolve(".download.zip.part"), "someone else's");

        pack(out).call();
        assertThat(leftIn(out)).containsExactlyInAnyOrder("SHA256SUMS", "4.1.0-digitalocean-0-report.md",
                "4.1.0-digitalocean-0-x86_64.tar.xz", ".download.zip.part");

        try (var held = io.katarelease.core.files.DirectoryLock.acquire(out, "a test holding it")) {
            assertThatThrownBy(() -> pack(out).call())
                    .isInstanceOf(io.katarelease.core.files.StateBusyException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("a test holding it")
                    .hasMessageContaining("nothing was changed")
                    // package has no lock timeout to point to
                    .hasMessageNotContaining("lock timeout")
                    .satisfies(e -> assertThat(((io.katarelease.core.ReleaseException) e).settings()).isEmpty());
        }
    }

    /** The output directory's lock file, which stays (hidden) so that runs never race on a new one. */
    private static final String LOCK = ".kata-release.lock";

    /** @return what a run left in {@code out} besides its lock file */
    static List<String> leftIn(Path out) throws IOException {
        try (Stream<Path> left = Files.list(out)) {
            return left.map(p -> p.getFileName().toString()).filter(n -> !n.equals(LOCK)).toList();
        }
    }
}
