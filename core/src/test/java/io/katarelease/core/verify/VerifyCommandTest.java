package io.katarelease.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.Digests;
import io.katarelease.core.packaging.PackageCommand;
import io.katarelease.core.packaging.PackageResult;
import io.katarelease.core.testing.KataRepos;
import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify on real release tarballs made with GNU tar (or the project's own writer): real ELF
 * programs and bzImages built byte by byte, and broken ones.
 */
class VerifyCommandTest {
    static final String TAG = "4.1.0-digitalocean-0";
    static final String YAML = KataRepos.fixture("io/katarelease/core/sandbox/4.1.0.yaml");
    static final String QEMU = "opt/kata/bin/qemu-system-x86_64";
    static final String KERNELS = "opt/kata/share/kata-containers/";
    static final String KERNEL = KERNELS + "vmlinuz-6.18.35-202";
    static final String LINK = KERNELS + "vmlinuz.container";

    @TempDir
    Path tmp;

    /** The release tree: path to content, and links (path to target). */
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, String> links = new LinkedHashMap<>();
    /** Hard links: path to the file it shares its content with. */
    Map<String, String> hardLinks = new LinkedHashMap<>();
    InMemoryRepository repo;
    int n;

    @BeforeEach
    void soundRelease() throws Exception {
        files.put("opt/kata/VERSION", (TAG + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("opt/kata/versions.yaml", YAML.getBytes(StandardCharsets.UTF_8));
        files.put(QEMU, Images.elf("QEMU emulator version 11.0.1 (kata-static)\nCopyright (c) 2003-2026 Fabrice Bellard"));
        files.put(KERNEL, Images.bzImage("6.18.35 (builder@kata) #1 SMP PREEMPT_DYNAMIC"));
        links.put(LINK, "vmlinuz-6.18.35-202");
        repo = new InMemoryRepository(new DfsRepositoryDescription("kata"));
        try (TestRepository<InMemoryRepository> tr = new TestRepository<>(repo)) {
            tr.branch("refs/tags/" + TAG).commit().add("versions.yaml", YAML)
                    .add("tools/packaging/kernel/kata_config_version", "202\n").create();
        }
    }

    static boolean x86_64Linux() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** Stages the tree on disk and tars it with GNU tar; SHA256SUMS lists the tarball. */
    private Path asset(String... extra) throws Exception {
        Path stage = tmp.resolve("stage-" + ++n);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = stage.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
            if (f.getKey().contains("/bin/")) {
                p.toFile().setExecutable(true, false);
            }
        }
        for (Map.Entry<String, String> l : links.entrySet()) {
            Path p = stage.resolve(l.getKey());
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(l.getValue()));
        }
        for (Map.Entry<String, String> l : hardLinks.entrySet()) {
            Path p = stage.resolve(l.getKey());
            Files.createDirectories(p.getParent());
            Files.createLink(p, stage.resolve(l.getValue()));
        }
        Path out = Files.createDirectories(tmp.resolve("release-" + n));
        Path asset = out.resolve(TAG + "-x86_64.tar.xz");
        List<String> command = new ArrayList<>(List.of("tar", "-cJf", asset.toString(), "./opt"));
        command.addAll(List.of(extra));
        run(stage, command.toArray(String[]::new));
        Files.writeString(out.resolve("SHA256SUMS"), Digests.sha256(asset) + "  " + asset.getFileName() + "\n");
        return asset;
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private VerifyCommand verify(Path asset) {
        return new VerifyCommand().setAsset(asset).setRepository(repo, TAG).setWorkDir(tmp.resolve("work"));
    }

    /** Runs a verify that must fail, and returns its checks. */
    private static VerifyResult failing(VerifyCommand command) {
        try {
            command.call();
        } catch (VerifyFailedException e) {
            assertThat(e.reason()).isEqualTo(ReleaseException.Reason.VERIFY_FAILED);
            assertThat(e.result().passed()).isFalse();
            for (Check c : e.result().with(Status.FAILED)) {
                assertThat(e.getMessage()).contains(c.name() + ": " + c.detail());
            }
            return e.result();
        } catch (ReleaseException e) {
            throw new AssertionError("expected a failed check, got " + e, e);
        }
        throw new AssertionError("verify passed");
    }

    private static Check check(VerifyResult r, String name) {
        return r.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + r.checks()));
    }

    @Test
    void aSoundTarballPassesEveryCheck() throws Exception {
        Path asset = asset();

        VerifyResult r = verify(asset).call();

        assertThat(r.passed()).isTrue();
        assertThat(r.releaseTag()).isEqualTo(TAG);
        assertThat(r.sha256()).isEqualTo(Digests.sha256(asset));
        assertThat(r.versionsFrom()).isEqualTo("versions.yaml at " + TAG);
        assertThat(check(r, "tarball").detail()).startsWith("lists and extracts: ");
        assertThat(check(r, "opt/kata only").status()).isEqualTo(Status.PASSED);
        assertThat(check(r, "VERSION").detail()).isEqualTo("opt/kata/VERSION is " + TAG
                + ", the release tag (from the asset's name)");
        assertThat(check(r, "versions.yaml").detail()).isEqualTo("opt/kata/versions.yaml is versions.yaml at " + TAG);
        assertThat(check(r, "ELF " + QEMU).detail()).isEqualTo("x86_64 ELF executable, statically linked");
        assertThat(check(r, "bzImage " + KERNEL)).satisfies(c -> {
            assertThat(c.status()).isEqualTo(Status.PASSED);
            assertThat(c.detail()).isEqualTo("Linux bzImage (boot protocol 2.15), version '6.18.35 (builder@kata) #1"
                    + " SMP PREEMPT_DYNAMIC', as .assets.kernel.version v6.18.35");
        });
        assertThat(check(r, "name " + KERNEL).detail()).isEqualTo("vmlinuz-6.18.35-202 carries kata_config_version 202");
        assertThat(check(r, "link " + LINK).detail()).isEqualTo("-> vmlinuz-6.18.35-202");
        assertThat(check(r, "SHA256SUMS").detail()).isEqualTo("1 file matches: " + asset.getFileName());
        Check run = check(r, "--version " + QEMU);
        if (x86_64Linux()) {
            assertThat(run.status()).isEqualTo(Status.PASSED);
            assertThat(run.detail()).isEqualTo("reports 'QEMU emulator version 11.0.1 (kata-static)', as"
                    + " .assets.hypervisor.qemu.version v11.0.1");
        } else {
            assertThat(run.status()).isEqualTo(Status.SKIPPED);
        }
        try (Stream<Path> left = Files.list(tmp.resolve("work"))) {
            assertThat(left).as("the scratch tree is removed").isEmpty();
        }
    }

    @Test
    void theChecksRunInTheirOrderAndWithoutATreeOnlyTheTarballsOwnAreRun() throws Exception {
        Path asset = asset();

        assertThat(verify(asset).setHost("Linux", "aarch64").call().checks()).extracting(Check::name).containsExactly(
                "tarball", "opt/kata only", "VERSION", "versions.yaml", "ELF " + QEMU, "--version " + QEMU,
                "bzImage " + KERNEL, "name " + KERNEL, "link " + LINK, "SHA256SUMS");

        byte[] bytes = Files.readAllBytes(asset);
        Files.write(asset, Images.cut(bytes, bytes.length / 2));
        assertThat(failing(verify(asset)).checks()).extracting(Check::name, Check::status).containsExactly(
                tuple("tarball", Status.FAILED), tuple("opt/kata only", Status.SKIPPED),
                tuple("VERSION", Status.SKIPPED), tuple("versions.yaml", Status.SKIPPED), tuple("QEMU", Status.SKIPPED),
                tuple("kernel", Status.SKIPPED), tuple("SHA256SUMS", Status.FAILED));
    }

    @Test
    void hardLinksAsGnuTarWritesThemAreFollowed() throws Exception {
        hardLinks.put("opt/kata/bin/qemu-system-x86_64-kata", QEMU);
        hardLinks.put(KERNELS + "vmlinuz-6.18.35-202-copy", KERNEL);
        Path asset = asset();
        assertThat(run(tmp, "tar", "-tvJf", asset.toString())).contains("link to ./" + QEMU);

        VerifyResult r = verify(asset).setHost("Linux", "aarch64").call();

        assertThat(check(r, "ELF opt/kata/bin/qemu-system-x86_64-kata").detail())
                .isEqualTo("x86_64 ELF executable, statically linked");
        assertThat(check(r, "bzImage " + KERNELS + "vmlinuz-6.18.35-202-copy").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void withoutARefTheTarballsOwnVersionsYamlIsUsedAndTheRefComparisonsAreSkipped() throws Exception {
        VerifyResult r = new VerifyCommand().setAsset(asset()).setWorkDir(tmp.resolve("work")).call();

        assertThat(r.passed()).isTrue();
        assertThat(r.versionsFrom()).isEqualTo("opt/kata/versions.yaml in the tarball");
        assertThat(check(r, "versions.yaml").status()).isEqualTo(Status.SKIPPED);
        assertThat(check(r, "versions.yaml").detail()).contains("no repository and ref given", "the tarball's own");
        assertThat(check(r, "name " + KERNEL).status()).isEqualTo(Status.SKIPPED);
        assertThat(check(r, "bzImage " + KERNEL).detail()).endsWith("as .assets.kernel.version v6.18.35");
    }

    @Test
    void aQemuThatIsNotElfFails() throws Exception {
        files.put(QEMU, "#!/bin/sh\necho 'QEMU emulator version 11.0.1'\n".getBytes(StandardCharsets.UTF_8));

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "ELF " + QEMU).status()).isEqualTo(Status.FAILED);
        assertThat(check(r, "ELF " + QEMU).detail()).startsWith("not an ELF file (it starts with bytes 23 21 2f 62");
        assertThat(check(r, "--version " + QEMU).detail()).isEqualTo("not run: not an x86_64 ELF executable");
        assertThat(r.with(Status.FAILED)).hasSize(1);
    }

    @Test
    void aQemuForAnotherMachineOrWithoutTheExecutableBitFails() throws Exception {
        files.put(QEMU, Images.elf("QEMU emulator version 11.0.1", Images.EM_AARCH64, null, false));
        files.put("opt/kata/share/kata-qemu/qemu-system-x86_64", Images.elf("QEMU emulator version 11.0.1"));
        links.put("opt/kata/bin/qemu-system-x86_64-tdx-experimental", "../share/kata-qemu/qemu-system-x86_64");

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "ELF " + QEMU).detail()).isEqualTo("an ELF file for machine 183 (AArch64), not x86_64 (62)");
        // reached through a link; not executable, as packaged
        assertThat(check(r, "ELF opt/kata/bin/qemu-system-x86_64-tdx-experimental").detail())
                .isEqualTo("not executable (mode 0644)");
    }

    @Test
    void aQemuReportingAnotherVersionFails() throws Exception {
        assumeThat(x86_64Linux()).as("runs an x86_64 program").isTrue();
        files.put(QEMU, Images.elf("QEMU emulator version 10.2.0 (kata-static)"));

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "--version " + QEMU).detail()).isEqualTo("reports 'QEMU emulator version 10.2.0"
                + " (kata-static)', not 11.0.1 (.assets.hypervisor.qemu.version v11.0.1)");
        assertThat(check(r, "ELF " + QEMU).status()).isEqualTo(Status.PASSED);
    }

    @Test
    @Timeout(120) // a guard against a QEMU that is never killed, not a speed target (that belongs in a benchmark)
    void aQemuThatDoesNotAnswerIsKilledAtTheTimeout() throws Exception {
        assumeThat(x86_64Linux()).as("runs an x86_64 program").isTrue();
        files.put(QEMU, Images.elf("never printed", Images.EM_X86_64, null, true));

        VerifyResult r = failing(verify(asset()).setRunTimeout(Duration.ofSeconds(1)));

        assertThat(check(r, "--version " + QEMU).detail()).isEqualTo("did not finish within 1 s; killed (no output)");
    }

    @Test
    void aQemuWhoseInterpreterIsMissingFails() throws Exception {
        assumeThat(x86_64Linux()).as("runs an x86_64 program").isTrue();
        files.put(QEMU, Images.elf("QEMU emulator version 11.0.1", Images.EM_X86_64, "/nonexistent/ld-kata.so.2",
                false));

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "ELF " + QEMU).detail())
                .isEqualTo("x86_64 ELF executable, dynamically linked (interpreter /nonexistent/ld-kata.so.2)");
        assertThat(check(r, "--version " + QEMU).detail()).isEqualTo("cannot be started: error=2, No such file or"
                + " directory (dynamically linked (interpreter /nonexistent/ld-kata.so.2): the interpreter is missing"
                + " on this host)");
    }

    @Test
    void aDynamicallyLinkedQemuWhoseLibraryIsAbsentFailsWithTheLoadersMessage() throws Exception {
        assumeThat(x86_64Linux()).as("runs an x86_64 program").isTrue();
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("lib.c"), "int kata_missing(void) { return 0; }\n");
        Files.writeString(src.resolve("main.c"), "#include <stdio.h>\nint kata_missing(void);\n"
                + "int main(void) { puts(\"QEMU emulator version 11.0.1\"); return kata_missing(); }\n");
        try {
            run(src, "gcc", "-shared", "-fPIC", "-o", "libkatamissing.so", "lib.c");
            run(src, "gcc", "-o", "qemu", "main.c", "-L.", "-lkatamissing");
        } catch (IOException | AssertionError e) {
            assumeThat(false).as("a C compiler: " + e.getMessage()).isTrue();
        }
        files.put(QEMU, Files.readAllBytes(src.resolve("qemu")));

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "ELF " + QEMU).detail()).startsWith("x86_64 ELF executable, dynamically linked");
        assertThat(check(r, "--version " + QEMU).detail()).startsWith("exited with 127: ")
                .contains(QEMU + ": error while loading shared libraries: libkatamissing.so: cannot open shared object");
    }

    @Test
    void onAnotherHostTheRunIsSkippedWithTheReason() throws Exception {
        VerifyResult r = verify(asset()).setHost("Linux", "aarch64").call();

        assertThat(r.passed()).isTrue();
        assertThat(check(r, "--version " + QEMU).status()).isEqualTo(Status.SKIPPED);
        assertThat(check(r, "--version " + QEMU).detail()).isEqualTo("not run: this host is Linux aarch64, not x86_64 Linux");
    }

    @Test
    void aKernelOfAnotherVersionFailsAndAFlavoursLocalVersionMayFollow() throws Exception {
        files.put(KERNEL, Images.bzImage("6.18.350 (builder@kata) #1 SMP"));
        files.put(KERNELS + "vmlinuz-6.18.35-202-nvidia-gpu", Images.bzImage("6.18.35-nvidia-gpu (builder@kata) #1 SMP"));
        links.put(KERNELS + "vmlinuz-nvidia-gpu.container", "vmlinuz-6.18.35-202-nvidia-gpu");

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "bzImage " + KERNEL).detail()).isEqualTo("Linux bzImage (boot protocol 2.15), version"
                + " '6.18.350 (builder@kata) #1 SMP': it does not start with 6.18.35 (.assets.kernel.version v6.18.35)");
        assertThat(check(r, "bzImage " + KERNELS + "vmlinuz-6.18.35-202-nvidia-gpu").status()).isEqualTo(Status.PASSED);
        assertThat(check(r, "name " + KERNELS + "vmlinuz-6.18.35-202-nvidia-gpu").status()).isEqualTo(Status.PASSED);
        assertThat(check(r, "link " + KERNELS + "vmlinuz-nvidia-gpu.container").status()).isEqualTo(Status.PASSED);
        assertThat(r.with(Status.FAILED)).hasSize(1);
    }

    @Test
    void aTruncatedKernelImageFails() throws Exception {
        byte[] image = Images.bzImage("6.18.35 (builder@kata) #1 SMP", 2, 8192);
        files.put(KERNEL, Images.cut(image, image.length - 1000));

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "bzImage " + KERNEL).detail())
                .isEqualTo("truncated: the header says 9728 bytes (setup 1536 + protected-mode code 8192), the file has 8728");
    }

    @Test
    void aTextFileNamedLikeAKernelFails() throws Exception {
        byte[] text = "Linux version 6.18.35 (kata-release sandbox)\n".getBytes(StandardCharsets.UTF_8);
        files.put(KERNEL, text);

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "bzImage " + KERNEL).detail()).isEqualTo("truncated or not a kernel image: " + text.length
                + " bytes, shorter than a boot sector with its boot flag (512 bytes)");
    }

    @Test
    void aKernelNameWithoutTheRefsKataConfigVersionFails() throws Exception {
        files.remove(KERNEL);
        files.put(KERNELS + "vmlinuz-6.18.35-201", Images.bzImage("6.18.35 (builder@kata) #1 SMP"));
        links.put(LINK, "vmlinuz-6.18.35-201");

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "name " + KERNELS + "vmlinuz-6.18.35-201").detail()).isEqualTo("vmlinuz-6.18.35-201 does"
                + " not carry kata_config_version 202 (at " + TAG + "); kata names its images"
                + " vmlinuz-<version>-<kata_config_version>");
    }

    @Test
    void aDanglingContainerLinkFails() throws Exception {
        links.put(KERNELS + "vmlinux.container", "vmlinux-6.18.35-202");

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "link " + KERNELS + "vmlinux.container").detail())
                .isEqualTo("-> 'vmlinux-6.18.35-202' dangles: the tarball holds no such file under opt/kata/");
        assertThat(check(r, "link " + LINK).status()).isEqualTo(Status.PASSED);
    }

    @Test
    void membersOutsideOptKataFailAndAreNotWritten() throws Exception {
        Path stage = tmp.resolve("stage-" + (n + 1));
        Files.createDirectories(stage.resolve("etc"));
        Files.writeString(stage.resolve("etc/kata.conf"), "outside");
        links.put("opt/kata/share/passwd", "../../../etc/passwd");

        VerifyResult r = failing(verify(asset("./etc")));

        assertThat(check(r, "opt/kata only").detail()).startsWith("3 members are not safely under opt/kata/ (kata's"
                + " release tarballs hold only opt/kata): ").contains("'./etc/': outside opt/kata/",
                "'./etc/kata.conf': outside opt/kata/",
                "'opt/kata/share/passwd': a link out of opt/kata (-> '../../../etc/passwd'; it leads to 'etc/passwd')");
        assertThat(r.with(Status.FAILED)).hasSize(1);
    }

    /** Extra members a test writes after the files. */
    private interface MoreMembers {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** A release tarball written in Java (so it may hold what GNU tar would not write): the files, then more. */
    private static void writeTarball(Path asset, Map<String, byte[]> members, MoreMembers more) throws IOException {
        try (OutputStream raw = Files.newOutputStream(asset); OutputStream xz = new XZCompressorOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(m.getKey(), true);
                e.setSize(m.getValue().length);
                e.setMode(m.getKey().contains("/bin/") ? 0100755 : 0100644);
                tar.putArchiveEntry(e);
                tar.write(m.getValue());
                tar.closeArchiveEntry();
            }
            more.write(tar);
        }
    }

    @Test
    void aChainOfLinksThatOnlyLooksInsideAndAMemberBelowALinkFail() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("chain"));
        Path asset = out.resolve(TAG + "-x86_64.tar.xz");
        Path host = Files.createDirectories(tmp.resolve("host"));
        writeTarball(asset, files, tar -> {
            // 'a' is opt/kata itself, so a/a/a/a/../../../.. climbs four levels above opt/kata.
            for (String[] link : new String[][] {{"opt/kata/a", "."}, {"opt/kata/b", "a/a/a/a/../../../../host"}}) {
                TarArchiveEntry e = new TarArchiveEntry(link[0], org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
                e.setLinkName(link[1]);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry planted = new TarArchiveEntry("opt/kata/b/planted", true);
            planted.setSize(1);
            tar.putArchiveEntry(planted);
            tar.write('x');
            tar.closeArchiveEntry();
        });

        VerifyResult r = failing(verify(asset));

        assertThat(check(r, "opt/kata only").detail()).startsWith("2 members are").contains(
                "'opt/kata/b/planted': below the link 'opt/kata/b' -> 'a/a/a/a/../../../../host'; extracting it writes"
                        + " through the link",
                "'opt/kata/b': a link out of opt/kata (-> 'a/a/a/a/../../../../host'; it leaves the tree");
        try (var left = Files.list(host)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void anAbsoluteOrDotDotMemberFailsAndNothingLandsOutsideTheScratchDirectory() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("hostile"));
        Path asset = out.resolve(TAG + "-x86_64.tar.xz");
        Map<String, byte[]> members = new LinkedHashMap<>(files);
        members.put(tmp.resolve("planted-absolute").toString(), "x".getBytes());
        members.put("opt/kata/../../../planted-dotdot", "x".getBytes());
        members.put("opt/kata/bin/qemu-system-\u001b[2J", "x".getBytes());
        writeTarball(asset, members, tar -> {
            TarArchiveEntry hard = new TarArchiveEntry("opt/kata/bin/shadow", org.apache.commons.compress.archivers.tar
                    .TarConstants.LF_LINK);
            hard.setLinkName("etc/shadow");
            tar.putArchiveEntry(hard);
            tar.closeArchiveEntry();
        });

        VerifyResult r = failing(verify(asset).setWorkDir(tmp.resolve("work/deeper/still")));

        assertThat(check(r, "opt/kata only").detail()).startsWith("4 members are").contains("'"
                + tmp.resolve("planted-absolute") + "': an absolute path",
                "'opt/kata/../../../planted-dotdot': a path with '..'",
                "'opt/kata/bin/qemu-system-\\u001b[2J': a name with control characters",
                "'opt/kata/bin/shadow': a hard link to 'etc/shadow', not an earlier file under opt/kata/");
        assertThat(r.checks()).extracting(Check::name).noneMatch(name -> name.contains("\u001b"));
        assertThat(tmp.resolve("planted-absolute")).doesNotExist();
        assertThat(tmp.resolve("work/planted-dotdot")).doesNotExist();
        assertThat(tmp.resolve("work/deeper/planted-dotdot")).doesNotExist();
        assertThat(check(r, "SHA256SUMS").status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void aSha256sumsLineThatDoesNotMatchFails() throws Exception {
        Path asset = asset();
        Path report = asset.resolveSibling(TAG + "-report.md");
        Files.writeString(report, "# report\n");
        Files.writeString(asset.resolveSibling("SHA256SUMS"), Files.readString(asset.resolveSibling("SHA256SUMS"))
                + Digests.sha256("another report\n") + "  " + report.getFileName() + "\n"
                + Digests.sha256("x") + "  missing.txt\n");

        VerifyResult r = failing(verify(asset));

        assertThat(check(r, "SHA256SUMS").detail()).isEqualTo("'" + report.getFileName() + "': SHA256SUMS says "
                + Digests.sha256("another report\n") + ", the file has " + Digests.sha256("# report\n")
                + "; 'missing.txt' is listed but missing");

        Files.writeString(asset.resolveSibling("SHA256SUMS"), Digests.sha256("# report\n") + "  " + report.getFileName()
                + "\n");
        VerifyResult unlisted = failing(verify(asset));
        assertThat(check(unlisted, "SHA256SUMS").detail()).isEqualTo("SHA256SUMS does not list " + asset.getFileName());
    }

    @Test
    void aWrongVersionFileOrVersionsYamlFails() throws Exception {
        files.put("opt/kata/VERSION", "4.1.0-digitalocean-1\n".getBytes(StandardCharsets.UTF_8));
        files.put("opt/kata/versions.yaml", YAML.replace("v11.0.1", "v11.0.2").getBytes(StandardCharsets.UTF_8));

        VerifyResult r = failing(verify(asset()));

        assertThat(check(r, "VERSION").detail()).isEqualTo("opt/kata/VERSION is '4.1.0-digitalocean-1', not the release"
                + " tag " + TAG);
        assertThat(check(r, "versions.yaml").detail()).startsWith("opt/kata/versions.yaml differs from versions.yaml at "
                + TAG + " (sha256 ");
        // the versions to compare with are the ref's, not the tarball's
        assertThat(check(r, "bzImage " + KERNEL).status()).isEqualTo(Status.PASSED);
    }

    @Test
    void aTarballThatDoesNotExtractFailsAndTheRestIsNotChecked() throws Exception {
        Path asset = asset();
        byte[] bytes = Files.readAllBytes(asset);
        Files.write(asset, Images.cut(bytes, bytes.length / 2));

        VerifyResult r = failing(verify(asset));

        assertThat(check(r, "tarball").status()).isEqualTo(Status.FAILED);
        assertThat(check(r, "tarball").detail()).startsWith("does not list and extract: ");
        assertThat(check(r, "VERSION").detail()).isEqualTo("not checked: the tarball does not extract");
        assertThat(check(r, "SHA256SUMS").status()).isEqualTo(Status.FAILED);
    }

    @Test
    void packagesZstdTarballVerifies() throws Exception {
        Path stage = tmp.resolve("component");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().equals("opt/kata/VERSION") && !f.getKey().equals("opt/kata/versions.yaml")) {
                Path p = stage.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
                p.toFile().setExecutable(f.getKey().contains("/bin/"), false);
            }
        }
        Files.createSymbolicLink(stage.resolve(LINK), Path.of("vmlinuz-6.18.35-202"));
        Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        run(stage, "tar", "-cJf", artifacts.resolve("kata-static-all.tar.xz").toString(), "./opt");
        PackageResult packaged = new PackageCommand().setReleaseTag(TAG).setArtifacts(artifacts)
                .setRepository(repo, TAG).setNamePattern("{tag}-{arch}.tar.zst").setOutDir(tmp.resolve("out")).call();

        VerifyResult r = verify(Path.of(packaged.tarball())).call();

        assertThat(r.passed()).isTrue();
        assertThat(r.asset()).isEqualTo(TAG + "-x86_64.tar.zst");
        assertThat(check(r, "SHA256SUMS").detail()).isEqualTo("2 files match: " + TAG + "-x86_64.tar.zst, " + TAG
                + "-report.md");
        assertThat(check(r, "link " + LINK).status()).isEqualTo(Status.PASSED);
    }

    @Test
    void theReleaseTagComesFromTheNameUnlessGiven() throws Exception {
        assertThat(VerifyCommand.releaseTagOf("4.1.0-digitalocean-0-x86_64.tar.xz")).isEqualTo("4.1.0-digitalocean-0");
        assertThat(VerifyCommand.releaseTagOf("4.1.0-digitalocean-0-arm64.tar.zst")).isEqualTo("4.1.0-digitalocean-0");
        assertThat(VerifyCommand.releaseTagOf("kata-static.tar.xz")).isNull();
        Path asset = asset();
        Path renamed = Files.move(asset, asset.resolveSibling("kata-static.tar.xz"));

        assertThatThrownBy(() -> verify(renamed).call()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("give the release tag");
        VerifyResult r = failing(verify(renamed).setReleaseTag(TAG));
        assertThat(check(r, "VERSION").detail()).isEqualTo("opt/kata/VERSION is " + TAG + ", the release tag");
        assertThat(check(r, "SHA256SUMS").detail()).contains("is listed but missing");
        assertThatThrownBy(() -> verify(tmp.resolve("nothing.tar.xz")).call()).isInstanceOf(NotFoundException.class);
        Path notTar = Files.writeString(tmp.resolve("notes.txt"), "x");
        assertThatThrownBy(() -> verify(notTar).call()).isInstanceOf(InvalidInputException.class);
    }
}
